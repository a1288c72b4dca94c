package io.switchboard.node.bosh;

import io.switchboard.node.stream.ActorWiring;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.web.AddressLimit;
import io.switchboard.node.web.WebSettings;
import java.util.concurrent.ScheduledExecutorService;

/** What every BOSH session of a node shares (built once per node). */
record BoshContext(
    StreamServices services,
    ActorWiring wiring,
    WebSettings.BoshSettings settings,
    ScheduledExecutorService timer,
    BoshSessions sessions,
    AddressLimit addresses) {}
