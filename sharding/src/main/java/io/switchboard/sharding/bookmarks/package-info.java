/**
 * XEP-0402 bookmarks and the views older clients use, all kept in the account's PEP node
 * {@code urn:xmpp:bookmarks:1}: XEP-0048 in XEP-0049 private XML ({@code #compat},
 * {@link io.switchboard.sharding.bookmarks.PrivateBookmarks}) and the XEP-0048 PEP node
 * {@code storage:bookmarks} ({@code #compat-pep}, XEP-0411, {@code PepBookmarks}). The list
 * formats and their difference are pure ({@code BookmarkXml}); PEP is read and written through
 * {@link io.switchboard.sharding.pep.PepClient}; the entity's own state (the URL bookmarks left in
 * private XML) changes only on its thread, through a {@code BookmarkReply}
 * ({@link io.switchboard.sharding.session.ModuleCommand}). Registered by
 * {@link io.switchboard.sharding.bookmarks.BookmarkConversion}, only when PEP runs.
 */
package io.switchboard.sharding.bookmarks;
