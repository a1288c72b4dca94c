package io.switchboard.node.upload;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.switchboard.protocol.jid.Jids;
import java.util.HashMap;
import java.util.Map;

/** Upload settings for unit tests: the reference defaults with {@code overrides} (keys below switchboard.upload). */
final class TestUploadSettings {
  private TestUploadSettings() {}

  static Config config(Map<String, Object> overrides) {
    Map<String, Object> m = new HashMap<>();
    overrides.forEach((k, v) -> m.put("switchboard.upload." + k, v));
    return ConfigFactory.parseMap(m).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  static UploadSettings of(Map<String, Object> overrides) {
    return UploadSettings.fromConfig(config(overrides), Jids.domain("localhost"), "127.0.0.1", 5280);
  }
}
