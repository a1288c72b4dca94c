package io.switchboard.bench.scenario;

import io.switchboard.bench.client.ClientSession;
import io.switchboard.protocol.xml.XmlElement;

/**
 * Log in, bind, send initial presence and hold the session for the measured phase. What the
 * server sends meanwhile is only counted (IQ pings are answered by the session itself).
 */
public final class IdleScenario implements Scenario {
  public static final String NAME = "idle";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double offeredPerSecond(int online) {
    return 0;
  }

  @Override
  public ScenarioLoop onLoop(LoopContext loop) {
    return (ClientSession session, XmlElement stanza) -> loop.metrics().extra("stanzasReceived").increment();
  }
}
