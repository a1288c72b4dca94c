package io.switchboard.sharding.module;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;

/**
 * Takes the IQ results and errors that come back to an account for requests a module sent on the
 * account's behalf (XEP-0357 publishes to an app server), recognised by the request ids the
 * module chose. Shared by every entity; keeps nothing per account.
 */
public interface IqResponseHandler {

  /** Whether {@code iq} (a result or error addressed to the account) answers one of this module's requests. */
  boolean accepts(XmlElement iq);

  Outcome onResponse(SessionContext ctx, Account state, XmlElement iq);
}
