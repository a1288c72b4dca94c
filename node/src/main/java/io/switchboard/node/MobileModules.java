package io.switchboard.node;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.node.mam.CassandraMessageArchive;
import io.switchboard.persistence.Persistence;
import io.switchboard.sharding.carbons.Carbons;
import io.switchboard.sharding.mam.MamSettings;
import io.switchboard.sharding.mam.MessageArchive;
import io.switchboard.sharding.mam.MessageArchiving;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.push.PushNotifications;
import io.switchboard.sharding.push.PushSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The modules of issue #18's message path, each registered only when its setting is on (so disco
 * announces only what runs): XEP-0313 archives over Cassandra, XEP-0280 carbons, XEP-0357 push.
 * (XEP-0352 client state indication belongs to the client streams: {@code node.csi}.)
 *
 * @param archive the archive port (rooms use it too), or null when archiving is off
 */
record MobileModules(List<Module> modules, MessageArchive archive, MamSettings mam) {

  /** {@code counted} wraps the archive port (the node's metrics, issue #21). */
  static MobileModules of(Config config, Persistence persistence, UnaryOperator<MessageArchive> counted) {
    MamSettings mam = read("switchboard.mam", () -> MamSettings.fromConfig(config));
    PushSettings push = read("switchboard.push", () -> PushSettings.fromConfig(config));
    boolean carbons = read("switchboard.carbons.enabled", () -> config.getBoolean("switchboard.carbons.enabled"));
    List<Module> modules = new ArrayList<>();
    MessageArchive archive = null;
    if (mam.enabled()) {
      archive = counted.apply(new CassandraMessageArchive(persistence.archive(), mam.retentionSeconds()));
      modules.add(new MessageArchiving(archive, mam));
    }
    if (carbons) {
      modules.add(new Carbons());
    }
    if (push.enabled()) {
      modules.add(new PushNotifications(push));
    }
    return new MobileModules(List.copyOf(modules), archive, mam);
  }

  private static <T> T read(String key, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (RuntimeException e) {
      throw new InvalidSettingException(key, e.getMessage());
    }
  }
}
