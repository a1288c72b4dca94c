package io.switchboard.bench.client;

import io.switchboard.protocol.xml.XmlElement;

/**
 * What a {@link ClientSession} reports. Every call runs on the session's event loop, so a listener
 * that keeps per-loop state needs no locking.
 */
public interface SessionListener {

  /** Bound, initial presence sent. {@code loginNanos} counts from the connect attempt. */
  void onOnline(ClientSession session, long loginNanos);

  /** A stanza received while online (IQ pings and roster pushes are already answered). */
  void onStanza(ClientSession session, XmlElement stanza);

  /**
   * The session failed to log in, or an online session was lost before the run closed it.
   * Called at most once per session, never after {@link #onClosed}.
   */
  void onFailed(ClientSession session, LoginFailure reason, boolean wasOnline);

  /** The session ended because the run closed it. */
  void onClosed(ClientSession session, boolean wasOnline);
}
