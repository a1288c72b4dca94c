package io.switchboard.bench.scenario;

/**
 * The accounts of a run: all of them ({@code firstUser .. firstUser+totalUsers-1}, over every
 * shard) and this process's slice of them.
 */
public record UserRange(int firstUser, int totalUsers, int shardFirst, int shardCount) {
  public UserRange {
    if (firstUser < 0 || totalUsers < 1 || shardCount < 0) {
      throw new IllegalArgumentException("bad user range");
    }
    if (shardFirst < firstUser || shardFirst + shardCount > firstUser + totalUsers) {
      throw new IllegalArgumentException("shard outside the user range");
    }
  }

  /**
   * Shard {@code index} (1-based) of {@code shards} contiguous, near-equal slices of the range.
   */
  public static UserRange shard(int firstUser, int totalUsers, int index, int shards) {
    if (shards < 1 || index < 1 || index > shards) {
      throw new IllegalArgumentException("shard must be i/n with 1 <= i <= n");
    }
    long from = (long) totalUsers * (index - 1) / shards;
    long to = (long) totalUsers * index / shards;
    return new UserRange(firstUser, totalUsers, (int) (firstUser + from), (int) (to - from));
  }

  /**
   * The {@code k}-th (0-based) of a user's roster contacts on a ring over all users: +1, -1, +2,
   * -2, ... so that contact relations are symmetric when the roster size is even.
   */
  public int contact(int user, int k) {
    int step = k / 2 + 1;
    int offset = (k % 2 == 0) ? step : -step;
    int index = Math.floorMod(user - firstUser + offset, totalUsers);
    return firstUser + index;
  }
}
