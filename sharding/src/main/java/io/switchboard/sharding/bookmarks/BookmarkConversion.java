package io.switchboard.sharding.bookmarks;

import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.pep.PepClient;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.session.AccountIqHandler;
import java.util.List;

/**
 * XEP-0402 PEP native bookmarks with both conversions clients rely on: private XML (XEP-0049,
 * announced as {@code urn:xmpp:bookmarks:1#compat}) and the XEP-0048 PEP node
 * ({@code #compat-pep}, and XEP-0411's {@code urn:xmpp:bookmarks-conversion:0}), all views of the
 * {@code urn:xmpp:bookmarks:1} node. Conversations and Gajim store bookmarks in PEP only once the
 * account announces {@code #compat}, knowing older clients still see them. Register before
 * private XML and PEP (whose requests on other names and nodes it leaves to them).
 */
public final class BookmarkConversion implements Module {
  private final PrivateBookmarks privateXml;
  private final PepBookmarks pepNodes;
  private final boolean pepRuns;

  public BookmarkConversion(PepHandler pep) {
    this.pepRuns = !pep.features().isEmpty();
    PepClient client = new PepClient(pep);
    BookmarkSync sync = new BookmarkSync(client);
    this.privateXml = new PrivateBookmarks(sync);
    this.pepNodes = new PepBookmarks(pep, client, sync);
  }

  @Override
  public String name() {
    return "XEP-0402 bookmarks with XEP-0049/XEP-0048 conversion (XEP-0411)";
  }

  /** Nothing without a PEP service (a node without pub-sub): private XML then keeps bookmarks as they are. */
  @Override
  public List<AccountIqHandler> accountIq() {
    return pepRuns ? List.of(privateXml, pepNodes) : List.of();
  }
}
