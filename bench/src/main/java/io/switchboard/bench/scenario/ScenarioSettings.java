package io.switchboard.bench.scenario;

/**
 * Knobs of the traffic scenarios.
 *
 * @param ratePerUser stanzas per second each online user sends (chat messages, presence changes)
 * @param payloadChars body or status size in characters, including the stamp
 * @param targets where chat messages go
 * @param contacts roster size per user for the presence scenario (rounded up to even)
 * @param subscribe whether the presence scenario subscribes users to their contacts at login
 * @param pubsubService the pub-sub service JID of the pubsub scenario; null means {@code pubsub.<domain>}
 * @param pubsubNode the node the pubsub scenario publishes to and subscribes to
 * @param muc the muc scenario's rooms ({@code ratePerUser} is then the total groupchat rate of the process)
 */
public record ScenarioSettings(double ratePerUser, int payloadChars, Targets targets, int contacts, boolean subscribe,
    String pubsubService, String pubsubNode, MucSettings muc) {

  /** Chat recipients: online sessions of this process, or any user of the whole run. */
  public enum Targets { LOCAL, ALL }

  public ScenarioSettings {
    if (ratePerUser < 0 || ratePerUser > 1000) {
      throw new IllegalArgumentException("rate per user must be in [0, 1000]");
    }
    if (payloadChars < 0 || payloadChars > 65536) {
      throw new IllegalArgumentException("payload size must be in [0, 65536]");
    }
    if (contacts < 0 || contacts > 10_000) {
      throw new IllegalArgumentException("contacts must be in [0, 10000]");
    }
    if (pubsubNode == null || !pubsubNode.matches("[A-Za-z0-9._/-]{1,200}")) {
      throw new IllegalArgumentException("pubsub node must be 1-200 characters of [A-Za-z0-9._/-]");
    }
    if (pubsubService != null && !pubsubService.matches("[A-Za-z0-9.-]{1,255}")) {
      throw new IllegalArgumentException("pubsub service must be a domain name");
    }
    if (muc == null) {
      throw new IllegalArgumentException("muc settings missing");
    }
  }

  /** Without muc settings (the muc scenario's defaults, {@link MucSettings#DEFAULT}). */
  public ScenarioSettings(double ratePerUser, int payloadChars, Targets targets, int contacts, boolean subscribe,
      String pubsubService, String pubsubNode) {
    this(ratePerUser, payloadChars, targets, contacts, subscribe, pubsubService, pubsubNode, MucSettings.DEFAULT);
  }

  /** The settings of the scenarios other than pubsub (the pub-sub service at pubsub.domain, node "bench"). */
  public ScenarioSettings(double ratePerUser, int payloadChars, Targets targets, int contacts, boolean subscribe) {
    this(ratePerUser, payloadChars, targets, contacts, subscribe, null, "bench");
  }
}
