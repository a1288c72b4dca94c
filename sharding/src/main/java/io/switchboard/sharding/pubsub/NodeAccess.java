package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.pubsub.NodeConfig.AccessModel;
import io.switchboard.sharding.pubsub.NodeSubscription.State;
import io.switchboard.sharding.pubsub.PubSubNode.Command;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * Who may do what at one node: affiliations (XEP-0060 §4.1, the PEP account is always owner) and
 * the access models (§4.5). Presence and roster models need the owner's roster: {@link #lookUp}
 * asks {@link OwnerRelations} and re-enters the request with the answer.
 */
final class NodeAccess {

  /** Sentinel verdict: the owner's roster must be asked first. */
  static final PubSubError NEEDS_RELATION =
      new PubSubError(StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR).withType(StanzaErrorType.WAIT));

  private final String service;
  private final EntityBareJid pepOwner;
  private final OwnerRelations relations;
  private final BiConsumer<CompletionStage<Relation>, Function<Relation, Command>> pipe;

  NodeAccess(String service, EntityBareJid pepOwner, OwnerRelations relations,
      BiConsumer<CompletionStage<Relation>, Function<Relation, Command>> pipe) {
    this.service = service;
    this.pepOwner = pepOwner;
    this.relations = relations;
    this.pipe = pipe;
  }

  /**
   * The service's own JID owns every node of the service: a PEP account its own nodes, and
   * {@code pubsub.<domain>} (which no client can claim as its from) every node there, for the
   * server's internal use. The HTTP API does not publish as it but as the server's domain
   * ({@link #mayPublish}).
   */
  Affiliation affiliation(NodeState state, String bare) {
    if (bare.equals(service)) {
      return Affiliation.OWNER;
    }
    return state.affiliations().getOrDefault(bare, Affiliation.NONE);
  }

  /** The domain a {@code pubsub.<domain>} service belongs to, as a bare JID string. */
  private boolean isServerDomain(String bare) {
    return pepOwner == null && bare.indexOf('@') < 0 && bare.indexOf('/') < 0
        && service.endsWith("." + bare);
  }

  /**
   * The access model's verdict for a requester without a bypassing affiliation: null when
   * allowed, {@link #NEEDS_RELATION} when the owner's roster must be asked first.
   */
  PubSubError verdict(NodeState state, String bare, Relation relation) {
    Affiliation a = affiliation(state, bare);
    if (a == Affiliation.OUTCAST || a == Affiliation.PUBLISH_ONLY) {
      // §4.1: outcasts do nothing; publish-only entities publish (and retract their own items).
      return PubSubError.FORBIDDEN;
    }
    if (a.bypassesAccessModel()) {
      return null;
    }
    NodeConfig c = state.config();
    return switch (c.accessModel()) {
      case OPEN, AUTHORIZE -> null;
      case PRESENCE -> relation == null ? NEEDS_RELATION
          : relation.subscribedFrom() ? null : PubSubError.PRESENCE_REQUIRED;
      case ROSTER -> relation == null ? NEEDS_RELATION
          : relation.groups().stream().anyMatch(c.rosterGroupsAllowed()::contains)
              ? null : PubSubError.NOT_IN_ROSTER_GROUP;
      case WHITELIST -> PubSubError.CLOSED_NODE;
    };
  }

  /** §6.5.x: may {@code bare} retrieve items? Adds the authorize rule to {@link #verdict}. */
  PubSubError retrieveVerdict(NodeState state, String bare, Relation relation) {
    Affiliation a = affiliation(state, bare);
    if (a == Affiliation.OUTCAST || a == Affiliation.PUBLISH_ONLY) {
      // §4.1: outcasts do nothing; publish-only entities publish (and retract their own items).
      return PubSubError.FORBIDDEN;
    }
    if (a.bypassesAccessModel()) {
      return null;
    }
    if (state.config().accessModel() == AccessModel.AUTHORIZE) {
      boolean subscribed = state.subscriptions().values().stream()
          .anyMatch(s -> s.state() == State.SUBSCRIBED && bareOf(s.jid()).equals(bare));
      return subscribed ? null : PubSubError.NOT_SUBSCRIBED_AUTH;
    }
    return verdict(state, bare, relation);
  }

  /**
   * §4.1 table, by pubsub#publish_model. The server's own domain JID (the HTTP API publishes as
   * it; no client or component can send from it) may also publish into a node whose access model
   * is open: the node's content is public anyway. Into any other node (presence, roster,
   * whitelist, authorize) only if the node's owner made it a publisher, like anyone else.
   */
  boolean mayPublish(NodeState state, String bare) {
    Affiliation a = affiliation(state, bare);
    if (a == Affiliation.OUTCAST) {
      return false;
    }
    if (a == Affiliation.OWNER || a == Affiliation.PUBLISHER || a == Affiliation.PUBLISH_ONLY) {
      return true;
    }
    if (isServerDomain(bare) && state.config().accessModel() == AccessModel.OPEN) {
      return true;
    }
    return switch (state.config().publishModel()) {
      case PUBLISHERS -> false;
      case SUBSCRIBERS -> state.subscriptions().values().stream()
          .anyMatch(s -> s.state() == State.SUBSCRIBED && bareOf(s.jid()).equals(bare));
      case OPEN -> true;
    };
  }

  /**
   * The part of a PEP audience (full JIDs of the owner's presence subscribers with +notify) that
   * may see a notification: all of it on open and presence nodes; on roster nodes those the
   * owner's roster puts in an allowed group (asked per contact); on whitelist and authorize nodes
   * only the owner and affiliates (explicit subscribers are notified anyway). Runs off the actor
   * on {@code state} as it was when the notification was made.
   */
  CompletionStage<List<String>> visibleAudience(NodeState state, NodeConfig config,
      Collection<String> audience) {
    List<CompletableFuture<String>> verdicts = new ArrayList<>();
    Map<String, CompletableFuture<Boolean>> rosterChecks = new HashMap<>();
    for (String jid : audience) {
      String bare = bareOf(jid);
      Affiliation a = affiliation(state, bare);
      CompletableFuture<Boolean> visible;
      if (a == Affiliation.OUTCAST || a == Affiliation.PUBLISH_ONLY) {
        visible = CompletableFuture.completedFuture(false);
      } else if (a.bypassesAccessModel()) {
        visible = CompletableFuture.completedFuture(true);
      } else {
        visible = switch (config.accessModel()) {
          case OPEN, PRESENCE -> CompletableFuture.completedFuture(true);
          case ROSTER -> rosterChecks.computeIfAbsent(bare, b -> inAllowedGroup(config, b));
          case WHITELIST, AUTHORIZE -> CompletableFuture.completedFuture(false);
        };
      }
      verdicts.add(visible.thenApply(ok -> ok ? jid : null).exceptionally(e -> null));
    }
    return CompletableFuture.allOf(verdicts.toArray(new CompletableFuture<?>[0]))
        .thenApply(v -> verdicts.stream().map(CompletableFuture::join)
            .filter(java.util.Objects::nonNull).toList());
  }

  private CompletableFuture<Boolean> inAllowedGroup(NodeConfig config, String bare) {
    Jid jid = Jids.parse(bare).orElse(null);
    if (pepOwner == null || jid == null) {
      return CompletableFuture.completedFuture(false);
    }
    try {
      return relations.relation(pepOwner, jid.asBareJid()).toCompletableFuture()
          .thenApply(r -> r.groups().stream().anyMatch(config.rosterGroupsAllowed()::contains));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  Decision lookUp(NodeState state, String bare,
      Function<Relation, Command> then) {
    EntityBareJid owner = pepOwner;
    if (owner == null) {
      for (var e : state.affiliations().entrySet()) {
        if (e.getValue() == Affiliation.OWNER) {
          owner = Jids.parse(e.getKey()).map(Jid::asEntityBareJidIfPossible).orElse(null);
          if (owner != null) {
            break;
          }
        }
      }
    }
    CompletionStage<Relation> answer;
    if (owner == null) {
      answer = CompletableFuture.completedFuture(Relation.NONE);
    } else {
      try {
        answer = relations.relation(owner, Jids.parse(bare).orElseThrow().asBareJid());
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
    }
    pipe.accept(answer, then);
    return Decision.nothing();
  }

  static String bareOf(String jid) {
    int slash = jid.indexOf('/');
    return slash < 0 ? jid : jid.substring(0, slash);
  }
}
