package io.switchboard.node.http;

import com.typesafe.config.Config;

/**
 * The node's HTTP port ({@code switchboard.http}): plain HTTP, or HTTPS with the node's certificate
 * and cipher policy ({@code switchboard.tls}). The port and bind address are the node's
 * ({@code switchboard.ports.http}, {@code switchboard.bind}).
 */
public record HttpSettings(boolean tls) {
  public static HttpSettings fromConfig(Config root) {
    return new HttpSettings(root.getBoolean("switchboard.http.tls"));
  }
}
