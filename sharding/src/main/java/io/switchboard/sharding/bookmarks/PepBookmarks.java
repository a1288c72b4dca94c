package io.switchboard.sharding.bookmarks;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pep.PepClient;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's pub-sub requests on the two bookmark nodes, passed to the PEP service unchanged and
 * followed by the conversion:
 *
 * <ul>
 *   <li>a publish or retract on {@code urn:xmpp:bookmarks:1}: an existing {@code storage:bookmarks}
 *       node is brought in step (XEP-0402 #compat-pep);
 *   <li>a publish on {@code storage:bookmarks} (XEP-0048 over PEP, XEP-0411): its list becomes the
 *       items of {@code urn:xmpp:bookmarks:1};
 *   <li>a read of either, while private XML still holds bookmarks from before the conversion: they
 *       are moved over first; a read of {@code storage:bookmarks} when only the new node exists
 *       is answered with its items as one XEP-0048 list.
 * </ul>
 *
 * The client's answer is the PEP service's own; the conversion follows it.
 */
final class PepBookmarks implements AccountIqHandler {
  private static final Logger log = LoggerFactory.getLogger(PepBookmarks.class);

  private final PepHandler pep;
  private final PepClient client;
  private final BookmarkSync sync;

  PepBookmarks(PepHandler pep, PepClient client, BookmarkSync sync) {
    this.pep = pep;
    this.client = client;
    this.sync = sync;
  }

  /** What the request does to which bookmark node. */
  private enum Kind { READ_NEW, READ_OLD, WRITE_NEW, WRITE_OLD }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.PUBSUB);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner() && kind(request).isPresent();
  }

  private static Optional<Kind> kind(Request request) {
    XmlElement op = request.payload().firstElement().orElse(null);
    if (op == null || !request.payload().is("pubsub", Namespaces.PUBSUB)) {
      return Optional.empty();
    }
    String node = op.attr("node");
    boolean isNew = Namespaces.BOOKMARKS2.equals(node);
    boolean isOld = Namespaces.BOOKMARKS.equals(node);
    if (!isNew && !isOld) {
      return Optional.empty();
    }
    if (request.isGet() && op.name().equals("items")) {
      return Optional.of(isNew ? Kind.READ_NEW : Kind.READ_OLD);
    }
    if (!request.isGet() && op.name().equals("publish")) {
      return Optional.of(isNew ? Kind.WRITE_NEW : Kind.WRITE_OLD);
    }
    if (!request.isGet() && op.name().equals("retract") && isNew) {
      return Optional.of(Kind.WRITE_NEW);
    }
    return Optional.empty();
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.origin() == Origin.OWN_NO_TO ? request.iq().withAttribute("to", ctx.bare()) : request.iq();
    EntityBareJid owner = ctx.user();
    StanzaRouting replies = ctx.routing();
    Kind kind = kind(request).orElseThrow();
    switch (kind) {
      case WRITE_NEW -> pep.handle(owner, iq, answer -> {
        replies.route(answer);
        if (PepClient.isResult(answer)) {
          after(owner, sync.mirrorToLegacyPep(owner));
        }
      });
      case WRITE_OLD -> pep.handle(owner, iq, answer -> {
        replies.route(answer);
        if (PepClient.isResult(answer)) {
          XmlElement storage = published(request.payload());
          after(owner, sync.replace(owner, BookmarkXml.fromStorage(storage), false));
        }
      });
      default -> read(ctx, state, owner, iq, kind, replies);
    }
    return Outcome.none();
  }

  private void read(SessionContext ctx, Account state, EntityBareJid owner, XmlElement iq, Kind kind,
      StanzaRouting replies) {
    XmlElement stored = state.privateXml().get("storage", Namespaces.BOOKMARKS);
    List<Bookmark> legacy = BookmarkXml.fromStorage(stored);
    CompletionStage<Void> migrated = legacy.isEmpty() ? CompletableFuture.completedFuture(null)
        : sync.migrate(owner, legacy).thenAccept(all -> { });
    if (!legacy.isEmpty()) {
      // Once moved, private XML keeps only the URL bookmarks (on the entity, once PEP has them).
      ctx.pipeToSelf(migrated, (v, failure) -> new BookmarkReply(
          failure == null ? BookmarkXml.toStorage(List.of(), BookmarkXml.urls(stored)) : null, null));
    }
    migrated.whenComplete((v, failure) -> {
      if (failure != null) {
        log.warn("{}: moving private XML bookmarks to PEP failed: {}", owner, failure.toString());
      }
      if (kind == Kind.READ_NEW) {
        pep.handle(owner, iq, replies);
      } else {
        readOld(owner, iq, replies);
      }
    });
  }

  /** {@code storage:bookmarks} read: the node's own item when it exists, else the new node's items as one list. */
  private void readOld(EntityBareJid owner, XmlElement iq, StanzaRouting replies) {
    client.items(owner, Namespaces.BOOKMARKS).thenCompose(old -> {
      if (old.exists()) {
        return CompletableFuture.completedFuture((XmlElement) null);
      }
      return client.items(owner, Namespaces.BOOKMARKS2).thenApply(now -> now.exists()
          ? Stanzas.iqResult(iq, XmlElement.builder("pubsub", Namespaces.PUBSUB)
              .child(XmlElement.builder("items", Namespaces.PUBSUB).attr("node", Namespaces.BOOKMARKS)
                  .child(XmlElement.builder("item", Namespaces.PUBSUB).attr("id", BookmarkSync.CURRENT)
                      .child(BookmarkXml.toStorage(BookmarkXml.fromItems(now.items()), List.of()))))
              .build())
          : null);
    }).whenComplete((synthesized, failure) -> {
      if (synthesized != null) {
        replies.route(synthesized);
      } else {
        pep.handle(owner, iq, replies); // the node's own answer (its item, or item-not-found)
      }
    });
  }

  /** The {@code <storage/>} of a publish to the old node. */
  private static XmlElement published(XmlElement pubsub) {
    return pubsub.child("publish", Namespaces.PUBSUB)
        .flatMap(p -> p.child("item", Namespaces.PUBSUB))
        .flatMap(i -> i.child("storage", Namespaces.BOOKMARKS))
        .orElse(null);
  }

  private static void after(EntityBareJid owner, CompletionStage<Void> conversion) {
    conversion.whenComplete((v, failure) -> {
      if (failure != null) {
        log.warn("{}: bookmark conversion after a PEP publish failed: {}", owner, failure.toString());
      }
    });
  }
}
