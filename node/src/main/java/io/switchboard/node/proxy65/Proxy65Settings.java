package io.switchboard.node.proxy65;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.switchboard.node.config.InvalidSettingException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * The XEP-0065 proxy's settings, read once from {@code switchboard.proxy65}.
 *
 * @param enabled whether the node offers the proxy at all
 * @param port the TCP port the SOCKS5 listener binds (on the node's bind address)
 * @param host the address announced to clients in {@code <streamhost host=.../>}
 * @param maxBytesPerSecond inbound bytes per second per proxied connection; 0 means unlimited
 * @param activationTimeout how long a connection may take from TCP accept to activation
 * @param idleTimeout how long an activated bytestream may carry nothing before both ends close
 * @param maxPending streams (digests) that may wait for activation at once on this node
 * @param maxConnectionsPerIp open proxy connections from one address (IPv6: one /64); more are
 *     closed at once
 * @param maxBytesPerSecondPerIp inbound bytes per second over all proxied connections from one
 *     address (IPv6: one /64); 0 means unlimited
 */
public record Proxy65Settings(
    boolean enabled,
    int port,
    String host,
    long maxBytesPerSecond,
    Duration activationTimeout,
    Duration idleTimeout,
    int maxPending,
    int maxConnectionsPerIp,
    long maxBytesPerSecondPerIp) {

  private static final String PREFIX = "switchboard.proxy65.";

  /** Defaults of the per-address limits when none are given (tests). */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 20;
  public static final long DEFAULT_MAX_BYTES_PER_SECOND_PER_IP = 10L * 1024 * 1024;

  /** Settings with the default per-address limits. */
  public Proxy65Settings(boolean enabled, int port, String host, long maxBytesPerSecond,
      Duration activationTimeout, Duration idleTimeout, int maxPending) {
    this(enabled, port, host, maxBytesPerSecond, activationTimeout, idleTimeout, maxPending,
        DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_MAX_BYTES_PER_SECOND_PER_IP);
  }

  /**
   * Reads {@code switchboard.proxy65}. An empty {@code host} announces {@code bindAddress}, or
   * 127.0.0.1 when the node binds every interface (0.0.0.0 or ::), where no single address is right.
   */
  public static Proxy65Settings fromConfig(Config root, String bindAddress) {
    Config c = root.getConfig("switchboard.proxy65");
    String host = string(c, "host");
    if (host.isEmpty()) {
      host = announcedForBind(bindAddress);
    } else if (host.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidSettingException(PREFIX + "host", "'" + host + "' is not a host name or address");
    }
    long rate = c.getLong("max-bytes-per-second");
    if (rate != 0 && rate < 1024) {
      throw new InvalidSettingException(PREFIX + "max-bytes-per-second", rate + " is below the minimum 1024 (0 = unlimited)");
    }
    int port = c.getInt("port");
    if (port < 1 || port > 65535) {
      throw new InvalidSettingException(PREFIX + "port", port + " is not a TCP port (1-65535)");
    }
    int maxPending = c.getInt("max-pending");
    if (maxPending < 1) {
      throw new InvalidSettingException(PREFIX + "max-pending", maxPending + " is below the minimum 1");
    }
    int perIp = c.getInt("max-connections-per-ip");
    if (perIp < 2) {
      throw new InvalidSettingException(PREFIX + "max-connections-per-ip",
          perIp + " is below the minimum 2 (a transfer between two parties behind one address needs 2)");
    }
    long ratePerIp = c.getLong("max-bytes-per-second-per-ip");
    if (ratePerIp != 0 && ratePerIp < 1024) {
      throw new InvalidSettingException(PREFIX + "max-bytes-per-second-per-ip",
          ratePerIp + " is below the minimum 1024 (0 = unlimited)");
    }
    return new Proxy65Settings(
        c.getBoolean("enabled"),
        port,
        host,
        rate,
        positive(c, "activation-timeout"),
        positive(c, "idle-timeout"),
        maxPending,
        perIp,
        ratePerIp);
  }

  /** The address clients are told when none is configured. */
  static String announcedForBind(String bindAddress) {
    try {
      return InetAddress.getByName(bindAddress).isAnyLocalAddress() ? "127.0.0.1" : bindAddress;
    } catch (UnknownHostException e) {
      throw new InvalidSettingException("switchboard.bind", "'" + bindAddress + "' does not resolve");
    }
  }

  public boolean rateLimited() {
    return maxBytesPerSecond > 0;
  }

  private static String string(Config c, String key) {
    try {
      return c.getString(key).trim();
    } catch (ConfigException.Missing e) {
      throw new InvalidSettingException(PREFIX + key, "missing");
    }
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new InvalidSettingException(PREFIX + key, "must be positive");
    }
    return d;
  }
}
