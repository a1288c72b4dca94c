package io.switchboard.sharding.module;

import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.SessionContext;

/**
 * Runs once per login: when a freshly bound resource sends its initial presence (RFC 6121 §4.2),
 * after the server's own initial-presence work (probes, other resources' presence, offline
 * messages asked for). Not on an XEP-0198 resumption, nor when a connection re-attaches to a
 * restarted entity: the resource stays available then, and sends no initial presence. A resource
 * that went unavailable and sends available presence again on the same stream logs in again
 * (RFC 6121 §4.2 calls that presence initial too).
 *
 * <p>Runs on the entity's thread; must be cheap and must not block. Something asynchronous goes
 * through {@link SessionContext#pipeToSelf} with a {@code ModuleCommand}.
 */
public interface LoginHook {

  /** {@code resource} (bound, now available) sent its initial presence. */
  void loggedIn(SessionContext ctx, Account state, Resource resource);
}
