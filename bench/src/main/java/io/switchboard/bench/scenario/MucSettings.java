package io.switchboard.bench.scenario;

/**
 * Knobs of the muc scenario (XEP-0045 group chat).
 *
 * @param service the MUC service's domain; null means {@code conference.<domain>}
 * @param roomSize occupants per room
 * @param rooms number of rooms; users beyond {@code rooms × roomSize} stay idle
 * @param roomPrefix room names are {@code <prefix>-s<size>-<index>}
 * @param steps the send rate rises in this many equal steps: step k sends k × rate (1 = constant)
 * @param stepSeconds length of one step (ignored with one step)
 * @param joinTimeoutSeconds a session not in its room this long after login counts as a failed join
 */
public record MucSettings(String service, int roomSize, int rooms, String roomPrefix, int steps, double stepSeconds,
    int joinTimeoutSeconds) {

  /** 10 rooms of 10, constant rate. */
  public static final MucSettings DEFAULT = new MucSettings(null, 10, 10, "bench", 1, 30, 120);

  public MucSettings {
    if (service != null && !service.matches("[A-Za-z0-9.-]{1,255}")) {
      throw new IllegalArgumentException("muc service must be a domain name");
    }
    if (roomSize < 1 || roomSize > 20_000) {
      throw new IllegalArgumentException("room size must be in [1, 20000]");
    }
    if (rooms < 1 || rooms > 20_000) {
      throw new IllegalArgumentException("rooms must be in [1, 20000]");
    }
    if (roomPrefix == null || !roomPrefix.matches("[a-z0-9_]{1,40}")) {
      throw new IllegalArgumentException("room prefix must be 1-40 characters of [a-z0-9_]");
    }
    if (steps < 1 || steps > 20) {
      throw new IllegalArgumentException("steps must be in [1, 20]");
    }
    if (!(stepSeconds >= 1 && stepSeconds <= 3600)) {
      throw new IllegalArgumentException("step seconds must be in [1, 3600]");
    }
    if (joinTimeoutSeconds < 1 || joinTimeoutSeconds > 600) {
      throw new IllegalArgumentException("join timeout must be in [1, 600] seconds");
    }
  }

  /** The service's domain for accounts of {@code domain}. */
  public String serviceFor(String domain) {
    return service != null ? service : "conference." + domain;
  }

  /** The rate multiplier {@code seconds} into the measured phase: 1, 2, .., steps. */
  public int stepAt(double seconds) {
    if (steps == 1 || seconds < 0) {
      return 1;
    }
    return (int) Math.min(steps, 1 + Math.floor(seconds / stepSeconds));
  }
}
