package io.switchboard.bench.client;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * What all sessions of one event loop share, so that a session itself holds only a reference.
 *
 * @param settings login settings
 * @param listener where the sessions report
 * @param sslContext client TLS context, or null when STARTTLS is off
 */
public record SessionContext(ClientSettings settings, SessionListener listener, SslContext sslContext) {
  public SessionContext {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(listener, "listener");
    if (settings.startTls() && sslContext == null) {
      throw new IllegalArgumentException("STARTTLS needs an SslContext");
    }
  }
}
