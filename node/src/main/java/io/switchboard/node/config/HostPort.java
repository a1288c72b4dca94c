package io.switchboard.node.config;

/** A host and a TCP port, parsed from "host:port" (IPv6 literals in brackets). */
public record HostPort(String host, int port) {

  public static HostPort parse(String key, String value) {
    String v = value.trim();
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new InvalidSettingException(key, "'" + value + "' is not host:port");
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(key, "'" + value + "' has no numeric port");
    }
    return new HostPort(host, NodeSettings.checkPort(key, port));
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
