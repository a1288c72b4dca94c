package io.switchboard.bench.scenario;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The scenarios by name. A new scenario is one class and one line here. */
public final class Scenarios {
  private static final Map<String, Function<ScenarioSettings, Scenario>> FACTORIES = new TreeMap<>(Map.of(
      IdleScenario.NAME, settings -> new IdleScenario(),
      ChatScenario.NAME, ChatScenario::new,
      PresenceScenario.NAME, PresenceScenario::new,
      PubsubScenario.NAME, PubsubScenario::new,
      MucScenario.NAME, MucScenario::new));

  private Scenarios() {}

  public static java.util.Set<String> names() {
    return FACTORIES.keySet();
  }

  public static Scenario create(String name, ScenarioSettings settings) {
    Function<ScenarioSettings, Scenario> factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("unknown scenario '" + name + "' (" + String.join(", ", names()) + ")");
    }
    return factory.apply(settings);
  }
}
