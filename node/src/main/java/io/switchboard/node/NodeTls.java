package io.switchboard.node;

import io.switchboard.node.tls.ServerTls;
import io.switchboard.node.tls.TlsSettings;
import java.io.IOException;

/** The node's TLS: its settings and the server certificate every listener offers. */
record NodeTls(TlsSettings settings, ServerTls tls) {

  /** Loads (or makes) the certificate; a failure stops start-up. */
  static NodeTls load(NodeCore core) {
    TlsSettings tlsSettings = TlsSettings.fromConfig(core.config());
    try {
      return new NodeTls(tlsSettings,
          ServerTls.load(tlsSettings, core.domain().toString(), core.settings().dataDir(), core.clock()));
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
