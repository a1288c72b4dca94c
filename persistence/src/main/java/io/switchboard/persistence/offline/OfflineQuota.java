package io.switchboard.persistence.offline;

/**
 * The quota decision of an offline write, kept pure: of {@code wanted} messages offered in arrival
 * order to an account that holds {@code stored}, how many fit under {@code max} (0 = no limit).
 * The first ones fit; the rest are refused, as they would be had they come one at a time.
 */
public final class OfflineQuota {
  private OfflineQuota() {}

  public static int admit(int stored, int wanted, int max) {
    if (stored < 0 || wanted < 0 || max < 0) {
      throw new IllegalArgumentException("negative: stored " + stored + ", wanted " + wanted + ", max " + max);
    }
    if (max == 0) {
      return wanted;
    }
    return Math.max(0, Math.min(wanted, max - stored));
  }
}
