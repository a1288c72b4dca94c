package io.switchboard.sharding.bookmarks;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.pep.PepClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;

/**
 * The PEP side of the bookmark conversions: {@code urn:xmpp:bookmarks:1} is where the bookmarks
 * are; private XML and the XEP-0048 PEP node {@code storage:bookmarks} are views of it. Reading,
 * replacing the whole list (a XEP-0048 client saves everything at once), merging old private
 * bookmarks in, and keeping an existing {@code storage:bookmarks} node in step. Every write is a
 * PEP publish or retract by the owner, so clients subscribed to the nodes are notified. Stateless.
 */
final class BookmarkSync {
  /** XEP-0402 §4: the node's configuration, as its clients ask for it. */
  static final Map<String, String> BOOKMARKS2_OPTIONS = Map.of(
      "pubsub#persist_items", "true", "pubsub#max_items", "max",
      "pubsub#send_last_published_item", "never", "pubsub#access_model", "whitelist");
  /** XEP-0048 §3.3 / XEP-0223: private, persistent. */
  static final Map<String, String> LEGACY_OPTIONS = Map.of(
      "pubsub#persist_items", "true", "pubsub#access_model", "whitelist");
  /** XEP-0048's single item. */
  static final String CURRENT = "current";

  private final PepClient pep;

  BookmarkSync(PepClient pep) {
    this.pep = pep;
  }

  /** The bookmarks of {@code urn:xmpp:bookmarks:1} (empty when the node does not exist). */
  CompletionStage<List<Bookmark>> current(EntityBareJid owner) {
    return pep.items(owner, Namespaces.BOOKMARKS2).thenApply(i -> BookmarkXml.fromItems(i.items()));
  }

  /** Publishes and retracts what {@code diff} says on {@code urn:xmpp:bookmarks:1}. */
  CompletionStage<Void> apply(EntityBareJid owner, BookmarkXml.Diff diff) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Bookmark b : diff.publish()) {
      all.add(pep.publish(owner, Namespaces.BOOKMARKS2, b.jid(), BookmarkXml.toItemPayload(b), BOOKMARKS2_OPTIONS)
          .toCompletableFuture());
    }
    for (String jid : diff.retract()) {
      all.add(pep.retract(owner, Namespaces.BOOKMARKS2, jid).toCompletableFuture());
    }
    return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
  }

  /**
   * Makes {@code wanted} the whole list (a XEP-0048 save, through private XML or the old PEP
   * node); then mirrors it to {@code storage:bookmarks} when {@code mirror} and that node exists.
   */
  CompletionStage<Void> replace(EntityBareJid owner, List<Bookmark> wanted, boolean mirror) {
    return current(owner).thenCompose(now -> apply(owner, BookmarkXml.diff(now, wanted)))
        .thenCompose(v -> mirror ? mirrorToLegacyPep(owner) : CompletableFuture.completedFuture(null));
  }

  /**
   * Adds the {@code legacy} bookmarks (from private XML before the conversion existed) that
   * {@code urn:xmpp:bookmarks:1} lacks; completes with the list after the merge.
   */
  CompletionStage<List<Bookmark>> migrate(EntityBareJid owner, List<Bookmark> legacy) {
    return current(owner).thenCompose(now -> {
      List<Bookmark> missing = BookmarkXml.missing(now, legacy);
      if (missing.isEmpty()) {
        return CompletableFuture.completedFuture(now);
      }
      List<Bookmark> after = new ArrayList<>(now);
      after.addAll(missing);
      return apply(owner, new BookmarkXml.Diff(missing, List.of())).thenApply(v -> List.copyOf(after));
    });
  }

  /**
   * XEP-0402 #compat-pep: when the XEP-0048 PEP node {@code storage:bookmarks} exists (a client
   * of that kind made it), its item is republished with the current bookmarks, keeping its URLs;
   * nothing is published when it already says the same.
   */
  CompletionStage<Void> mirrorToLegacyPep(EntityBareJid owner) {
    return pep.items(owner, Namespaces.BOOKMARKS).thenCompose(legacy -> {
      if (!legacy.exists()) {
        return CompletableFuture.completedFuture(null);
      }
      XmlElement old = storageIn(legacy.items());
      return current(owner).thenCompose(now -> {
        List<Bookmark> before = BookmarkXml.fromStorage(old);
        if (BookmarkXml.diff(before, now).isEmpty()) {
          return CompletableFuture.completedFuture(null);
        }
        return pep.publish(owner, Namespaces.BOOKMARKS, CURRENT,
            BookmarkXml.toStorage(now, BookmarkXml.urls(old)), LEGACY_OPTIONS);
      });
    });
  }

  /** The {@code <storage/>} of the old node's item (null when it has none). */
  static XmlElement storageIn(List<XmlElement> items) {
    for (XmlElement i : items) {
      XmlElement s = i.child("storage", Namespaces.BOOKMARKS).orElse(null);
      if (s != null) {
        return s;
      }
    }
    return null;
  }
}
