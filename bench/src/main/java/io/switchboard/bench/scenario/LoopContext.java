package io.switchboard.bench.scenario;

import io.netty.channel.EventLoop;
import io.switchboard.bench.client.Credentials;
import io.switchboard.bench.client.OnlineSessions;
import io.switchboard.bench.metrics.MicroClock;
import io.switchboard.bench.metrics.Metrics;

/**
 * What a scenario's per-loop part sees: its event loop (for timers), that loop's online
 * sessions, the run's metrics and clock, account naming and the user range.
 */
public record LoopContext(
    EventLoop eventLoop,
    OnlineSessions online,
    Metrics metrics,
    MicroClock clock,
    Credentials credentials,
    UserRange users,
    ScenarioSettings settings) {}
