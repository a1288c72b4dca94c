package io.switchboard.bench.run;

import io.netty.channel.EventLoop;
import io.switchboard.bench.client.ClientSession;
import io.switchboard.bench.client.LoginFailure;
import io.switchboard.bench.client.OnlineSessions;
import io.switchboard.bench.client.SessionContext;
import io.switchboard.bench.client.SessionListener;
import io.switchboard.bench.metrics.Metrics;
import io.switchboard.bench.scenario.ScenarioLoop;
import io.switchboard.protocol.xml.XmlElement;

/**
 * The sessions of one event loop: their shared context, the online list and the scenario's part
 * for this loop. Every listener call arrives on {@link #eventLoop}, so nothing here is locked.
 */
final class Loop implements SessionListener {
  final EventLoop eventLoop;
  final OnlineSessions online = new OnlineSessions();
  private final Metrics metrics;
  private SessionContext context;
  private ScenarioLoop scenario;

  Loop(EventLoop eventLoop, Metrics metrics) {
    this.eventLoop = eventLoop;
    this.metrics = metrics;
  }

  void bind(SessionContext context, ScenarioLoop scenario) {
    this.context = context;
    this.scenario = scenario;
  }

  SessionContext context() {
    return context;
  }

  ScenarioLoop scenario() {
    return scenario;
  }

  @Override
  public void onOnline(ClientSession session, long loginNanos) {
    metrics.loginsOk.increment();
    metrics.recordLogin(loginNanos);
    metrics.lastLoginNanos = System.nanoTime();
    metrics.loginsInFlight.decrementAndGet();
    online.add(session);
    metrics.online.incrementAndGet();
    scenario.onOnline(session);
  }

  @Override
  public void onStanza(ClientSession session, XmlElement stanza) {
    scenario.onStanza(session, stanza);
  }

  @Override
  public void onFailed(ClientSession session, LoginFailure reason, boolean wasOnline) {
    metrics.failure(reason);
    if (wasOnline) {
      metrics.sessionsLost.increment();
    }
    gone(session, wasOnline);
  }

  @Override
  public void onClosed(ClientSession session, boolean wasOnline) {
    gone(session, wasOnline);
  }

  private void gone(ClientSession session, boolean wasOnline) {
    if (wasOnline) {
      online.remove(session);
      metrics.online.decrementAndGet();
    } else {
      metrics.loginsInFlight.decrementAndGet();
    }
  }
}
