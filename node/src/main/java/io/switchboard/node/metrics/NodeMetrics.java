package io.switchboard.node.metrics;

import com.datastax.oss.driver.api.core.CqlSession;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.node.s2s.S2sMetrics;
import io.switchboard.node.stream.StreamMetrics;
import io.switchboard.sharding.EntityLifecycle;
import io.switchboard.sharding.mam.MessageArchive;
import io.switchboard.sharding.muc.RoomCounts;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.session.StanzaRouting;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The node's metrics (issue #21): one Micrometer registry in the Prometheus format, owned by the
 * node, with the JVM's binders (memory, GC, threads, class loading, CPU, uptime, open file
 * descriptors) and the counters of the node's parts, handed to those parts as small interfaces
 * ({@link StreamMetrics}, a counting {@link OfflineMessages}). When disabled every part gets a
 * no-op and there is nothing to scrape. Later features register their meters in
 * {@link #registry()}.
 */
public final class NodeMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final StreamMetrics streams;
  private final S2sMetrics s2s;
  private final JvmGcMetrics gc;
  private final List<Cancellable> polls = new CopyOnWriteArrayList<>();

  private final MetricsSettings settings;

  private NodeMetrics(MetricsSettings settings, PrometheusMeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
    if (registry == null) {
      this.streams = StreamMetrics.NONE;
      this.s2s = S2sMetrics.NONE;
      this.gc = null;
      return;
    }
    new JvmMemoryMetrics().bindTo(registry);
    this.gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    this.streams = new StreamCounters(registry);
    this.s2s = new S2sCounters(registry);
  }

  public static NodeMetrics create(MetricsSettings settings) {
    return new NodeMetrics(settings, settings.enabled() ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null);
  }

  public boolean enabled() {
    return registry != null;
  }

  /** What the client streams count. */
  public StreamMetrics streams() {
    return streams;
  }

  /** What the server-to-server streams count ({@link S2sCounters}). */
  public S2sMetrics s2s() {
    return s2s;
  }

  /** {@code store}, counting stored, refused and delivered offline messages when enabled. */
  public OfflineMessages offline(OfflineMessages store) {
    return registry == null ? store : new OfflineCounters(store, registry);
  }

  /**
   * {@code archive}, counting writes and timing queries (XEP-0313, {@link ArchiveCounters}) when
   * enabled.
   */
  public MessageArchive archive(MessageArchive archive) {
    return registry == null ? archive : new ArchiveCounters(archive, registry);
  }

  /**
   * {@code routing} as the pub-sub nodes use it, counting the notifications they send
   * ({@link NotificationCounter}) when enabled.
   */
  public StanzaRouting pubsubRouting(StanzaRouting routing) {
    return registry == null ? routing : new NotificationCounter(routing, registry);
  }

  /**
   * What the chat rooms running on this node count ({@link RoomCounters}: joins, messages,
   * refusals); nothing when metrics are off. Call once.
   */
  public RoomCounts rooms() {
    return registry == null ? RoomCounts.NONE : new RoomCounters(registry);
  }

  /**
   * What the entities of one sharded type on this node count of their lifecycle
   * ({@link EntityCounters}: recovery time and failures, passivations), with the label
   * {@code type} as in {@link #watchEntities}; nothing when metrics are off.
   */
  public EntityLifecycle lifecycle(String type) {
    return registry == null ? EntityLifecycle.NONE : new EntityCounters(registry, type);
  }

  /**
   * Gauges of the shards and entities of {@code key} on this node ({@code type} label), refreshed
   * every {@code switchboard.metrics.entities-every}; nothing when metrics are off. Call once the type's sharding is started.
   */
  public void watchEntities(ActorSystem<?> system, EntityTypeKey<?> key, String type) {
    if (registry != null) {
      polls.add(EntityGauges.start(system, registry, key, type, settings.entitiesEvery()));
    }
  }

  /**
   * Cluster members by status, unreachable members, leadership and membership events
   * ({@link ClusterGauges}); nothing when metrics are off. Call once the cluster extension exists.
   */
  public void watchCluster(ActorSystem<?> system) {
    if (registry != null) {
      ClusterGauges.start(system, registry);
    }
  }

  /**
   * The Cassandra driver's session metrics of {@code session} ({@link CassandraMeters}) with the
   * label {@code name}, once the session is open; nothing when metrics are off (the session is
   * not even asked for).
   */
  public void watchCassandra(String name, Supplier<CompletionStage<CqlSession>> session) {
    if (registry != null) {
      session.get().thenAccept(s -> CassandraMeters.bind(registry, name, s));
    }
  }

  /** The registry, for parts that add their own meters; empty when metrics are off. */
  public Optional<PrometheusMeterRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /** The Prometheus text exposition (format 0.0.4) of every meter; empty when metrics are off. */
  public Optional<String> scrape() {
    return registry == null ? Optional.empty() : Optional.of(registry.scrape());
  }

  @Override
  public void close() {
    polls.forEach(Cancellable::cancel);
    if (gc != null) {
      gc.close();
    }
    if (registry != null) {
      registry.close();
    }
  }
}
