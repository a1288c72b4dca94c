package io.switchboard.sharding;

import com.typesafe.config.Config;
import io.switchboard.sharding.session.UserSessionSettings;

/** {@code switchboard.sharding} read once (see this module's reference.conf). */
public record ShardingSettings(int numberOfShards, UserSessionSettings userSession) {

  public ShardingSettings {
    if (numberOfShards < 1) {
      throw new IllegalArgumentException("switchboard.sharding.number-of-shards must be at least 1");
    }
  }

  public static ShardingSettings fromConfig(Config root) {
    return new ShardingSettings(
        root.getInt("switchboard.sharding.number-of-shards"),
        UserSessionSettings.fromConfig(root));
  }
}
