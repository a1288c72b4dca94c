package io.switchboard.sharding.avatar;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pep.PepClient;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.ModuleCommand;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.vcard.VcardStored;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0398 §3: the owner publishes XEP-0084 metadata; the publish goes to the PEP service
 * unchanged (the client gets the service's own answer), and once it succeeded the announced
 * image is read from the data node and becomes the vCard's {@code PHOTO} (an empty metadata
 * removes it), so clients that only read vCards (XEP-0153) see it. The vCard changes on the
 * entity's thread ({@link VcardPhoto}).
 */
final class PepAvatars implements AccountIqHandler {
  private static final Logger log = LoggerFactory.getLogger(PepAvatars.class);

  private final PepHandler pep;
  private final PepClient client;

  PepAvatars(PepHandler pep, PepClient client) {
    this.pep = pep;
    this.client = client;
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.PUBSUB);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner() && !request.isGet() && published(request.payload()).isPresent();
  }

  /** The metadata payload of a publish to the XEP-0084 metadata node. */
  private static Optional<XmlElement> published(XmlElement pubsub) {
    if (!pubsub.is("pubsub", Namespaces.PUBSUB)) {
      return Optional.empty();
    }
    return pubsub.child("publish", Namespaces.PUBSUB)
        .filter(p -> Namespaces.AVATAR_METADATA.equals(p.attr("node")))
        .flatMap(p -> p.child("item", Namespaces.PUBSUB))
        .flatMap(i -> i.child("metadata", Namespaces.AVATAR_METADATA));
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.origin() == Origin.OWN_NO_TO ? request.iq().withAttribute("to", ctx.bare()) : request.iq();
    EntityBareJid owner = ctx.user();
    XmlElement metadata = published(request.payload()).orElseThrow();
    CompletableFuture<Optional<Avatar>> converted = new CompletableFuture<>();
    ctx.pipeToSelf(converted, (avatar, failure) -> {
      if (failure != null) {
        log.warn("{}: converting the PEP avatar to the vCard failed: {}", owner, failure.toString());
        return new VcardPhoto(null, false);
      }
      return avatar == null ? new VcardPhoto(null, false) : new VcardPhoto(avatar.orElse(null), true);
    });
    pep.handle(owner, iq, answer -> {
      ctx.routing().route(answer);
      if (!PepClient.isResult(answer)) {
        converted.complete(null); // nothing published: nothing to convert
        return;
      }
      Optional<Avatar.Info> info = Avatar.infoOf(metadata);
      if (info.isEmpty()) {
        converted.complete(Optional.empty()); // the avatar was removed
        return;
      }
      client.items(owner, Namespaces.AVATAR_DATA).thenApply(items -> items.items().stream()
              .filter(i -> info.get().id().equals(i.attr("id")))
              .flatMap(i -> i.child("data", Namespaces.AVATAR_DATA).stream())
              .findFirst()
              .flatMap(data -> Avatar.of(info.get().type(), data.text())))
          .whenComplete((avatar, failure) -> {
            if (failure != null) {
              converted.completeExceptionally(failure);
            } else if (avatar.isEmpty() || !avatar.get().sha1().equalsIgnoreCase(info.get().id())) {
              // §3.1: the data item must exist and its SHA-1 must be the id the metadata names.
              log.info("{}: PEP avatar {} has no data item with that SHA-1; the vCard keeps its photo", owner,
                  info.get().id());
              converted.complete(null);
            } else {
              converted.complete(avatar);
            }
          });
    });
    return Outcome.none();
  }

  /**
   * Back on the entity: the vCard's {@code PHOTO} becomes {@code avatar} (removed when null and
   * {@code apply}); nothing changes unless {@code apply}, or when the photo is already that one.
   */
  record VcardPhoto(Avatar avatar, boolean apply) implements ModuleCommand {
    @Override
    public Outcome run(SessionContext ctx, Account state) {
      if (!apply) {
        return Outcome.none();
      }
      Optional<Avatar> now = Avatar.fromVcard(state.vcard());
      if (now.map(Avatar::sha1).equals(Optional.ofNullable(avatar).map(Avatar::sha1))) {
        return Outcome.none();
      }
      return Outcome.persist(new VcardStored(Avatar.intoVcard(state.vcard(), avatar)));
    }
  }
}
