package io.switchboard.sharding.bookmarks;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.privatedata.PrivateXmlStored;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ModuleCommand;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;

/**
 * The end of a bookmark conversion, back on the account's entity: what private XML keeps from now
 * on (the URL bookmarks only, or null to leave it), then the answer to the client's request (or
 * null when the answer went out already).
 */
record BookmarkReply(XmlElement keepPrivate, XmlElement reply) implements ModuleCommand {

  @Override
  public Outcome run(SessionContext ctx, Account state) {
    Runnable answer = () -> {
      if (reply != null) {
        ctx.deliverLocal(reply);
      }
    };
    if (keepPrivate == null || keepPrivate.equals(state.privateXml().get(keepPrivate.name(), keepPrivate.namespace()))) {
      answer.run();
      return Outcome.none();
    }
    return Outcome.persist(new PrivateXmlStored(keepPrivate)).then(answer);
  }
}
