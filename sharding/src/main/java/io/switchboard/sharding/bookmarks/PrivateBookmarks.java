package io.switchboard.sharding.bookmarks;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0049 private XML for {@code <storage xmlns='storage:bookmarks'/>} (XEP-0048 clients) as a
 * view of {@code urn:xmpp:bookmarks:1} (XEP-0402 §5.3, announced as {@code #compat}): a read
 * collects the PEP items (merging in, once, the conferences stored here before the conversion
 * existed); a save publishes what changed and retracts what went, so PEP clients are notified of
 * each. URL bookmarks, which XEP-0402 dropped, stay in private XML. The answer is sent once PEP has
 * answered; meanwhile the entity goes on with other stanzas.
 */
final class PrivateBookmarks implements AccountIqHandler {
  private static final Logger log = LoggerFactory.getLogger(PrivateBookmarks.class);

  private final BookmarkSync sync;

  PrivateBookmarks(BookmarkSync sync) {
    this.sync = sync;
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.PRIVATE);
  }

  /** The owner's requests for exactly the bookmarks element; anything else is private XML's. */
  @Override
  public boolean accepts(Request request) {
    List<XmlElement> children = request.payload().elements();
    return request.fromOwner() && request.payload().is("query", Namespaces.PRIVATE) && children.size() == 1
        && children.get(0).is("storage", Namespaces.BOOKMARKS);
  }

  @Override
  public List<String> accountFeatures() {
    return List.of(Namespaces.BOOKMARKS2 + "#compat", Namespaces.BOOKMARKS2 + "#compat-pep",
        Namespaces.BOOKMARKS_CONVERSION);
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.iq();
    EntityBareJid owner = ctx.user();
    XmlElement stored = state.privateXml().get("storage", Namespaces.BOOKMARKS);
    List<XmlElement> storedUrls = BookmarkXml.urls(stored);
    CompletionStage<BookmarkReply> done;
    if (request.isGet()) {
      List<Bookmark> legacy = BookmarkXml.fromStorage(stored);
      done = sync.migrate(owner, legacy).thenApply(all -> new BookmarkReply(
          legacy.isEmpty() ? null : BookmarkXml.toStorage(List.of(), storedUrls),
          Stanzas.iqResult(iq, XmlElement.builder("query", Namespaces.PRIVATE)
              .child(BookmarkXml.toStorage(all, storedUrls)).build())));
    } else {
      XmlElement saved = request.payload().elements().get(0);
      done = sync.replace(owner, BookmarkXml.fromStorage(saved), true).thenApply(v -> new BookmarkReply(
          BookmarkXml.toStorage(List.of(), BookmarkXml.urls(saved)), Stanzas.iqResult(iq)));
    }
    ctx.pipeToSelf(done, (reply, failure) -> {
      if (failure == null) {
        return reply;
      }
      log.warn("{}: bookmarks through private XML failed: {}", owner, failure.toString());
      return new BookmarkReply(null, Stanzas.errorReply(iq, StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR)
          .withType(io.switchboard.protocol.error.StanzaErrorType.WAIT)).orElseThrow());
    });
    return Outcome.none();
  }
}
