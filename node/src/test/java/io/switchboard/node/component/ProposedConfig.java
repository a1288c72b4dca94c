package io.switchboard.node.component;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Test settings over the node's reference.conf ({@code switchboard.components}, {@code switchboard.api}). */
public final class ProposedConfig {
  private ProposedConfig() {}

  /** {@code overrides} over the node's reference.conf (where the block now ships). */
  public static Config with(Config overrides) {
    return overrides.withFallback(ConfigFactory.defaultReference()).resolve();
  }
}
