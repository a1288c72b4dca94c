package io.switchboard.node.websocket;

import io.switchboard.node.stream.ActorWiring;
import io.switchboard.node.stream.StreamServices;
import io.switchboard.node.web.AddressLimit;
import io.switchboard.node.web.WebSettings;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.pekko.stream.Materializer;

/** What every WebSocket connection of a node shares (built once per node). */
record WebSocketContext(
    StreamServices services,
    ActorWiring wiring,
    WebSettings settings,
    Materializer materializer,
    Executor pool,
    ScheduledExecutorService timer,
    WebSocketConnections connections,
    AddressLimit addresses) {}
