package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.sharding.pubsub.NodeConfig.AccessModel;
import io.switchboard.sharding.pubsub.NodeSubscription.State;
import io.switchboard.sharding.pubsub.PubSubNode.Command;
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
      new PubSubError("wait", "internal-server-error", null, null);

  private final EntityBareJid pepOwner;
  private final OwnerRelations relations;
  private final BiConsumer<CompletionStage<Relation>, Function<Relation, Command>> pipe;

  NodeAccess(EntityBareJid pepOwner, OwnerRelations relations,
      BiConsumer<CompletionStage<Relation>, Function<Relation, Command>> pipe) {
    this.pepOwner = pepOwner;
    this.relations = relations;
    this.pipe = pipe;
  }

  Affiliation affiliation(NodeState state, String bare) {
    if (pepOwner != null && bare.equals(pepOwner.toString())) {
      return Affiliation.OWNER;
    }
    return state.affiliations().getOrDefault(bare, Affiliation.NONE);
  }

  /**
   * The access model's verdict for a requester without a bypassing affiliation: null when
   * allowed, {@link #NEEDS_RELATION} when the owner's roster must be asked first.
   */
  PubSubError verdict(NodeState state, String bare, Relation relation) {
    Affiliation a = affiliation(state, bare);
    if (a == Affiliation.OUTCAST) {
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
    if (a == Affiliation.OUTCAST) {
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

  /** §4.1 table, by pubsub#publish_model. */
  boolean mayPublish(NodeState state, String bare) {
    Affiliation a = affiliation(state, bare);
    if (a == Affiliation.OUTCAST) {
      return false;
    }
    if (a == Affiliation.OWNER || a == Affiliation.PUBLISHER || a == Affiliation.PUBLISH_ONLY) {
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
   * PEP audience filter: the audience is the owner's presence subscribers, so open and presence
   * nodes reach all of it; roster, whitelist and authorize nodes only the owner and affiliates
   * (explicit subscribers are notified anyway).
   */
  boolean audienceMaySee(NodeState state, NodeConfig config, String jid) {
    Affiliation a = affiliation(state, bareOf(jid));
    if (a == Affiliation.OUTCAST) {
      return false;
    }
    if (a.bypassesAccessModel()) {
      return true;
    }
    return config.accessModel() == AccessModel.OPEN
        || config.accessModel() == AccessModel.PRESENCE;
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
