package io.switchboard.node.muc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.switchboard.sharding.muc.MucRoom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code GET /switchboard/rooms} on the management port: the multi-user chat rooms running on
 * this node (their entity ids, i.e. room localparts, per shard), for operators and for tests that
 * must know which node hosts a room. A node whose MUC service is off answers an empty list.
 */
public final class MucRoutes extends AllDirectives implements ManagementRouteProvider {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ActorSystem<?> system;

  MucRoutes(ActorSystem<?> system) {
    this.system = system;
  }

  /** One shard of this node's MucRoom region and the rooms running in it. */
  public record LocalShard(String shard, List<String> rooms) {}

  /** This node's address and its running rooms. */
  public record LocalRooms(String node, List<LocalShard> shards) {}

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return path(PathMatchers.segment("switchboard").slash("rooms"), () ->
        get(() -> completeWithFuture(local().handle((rooms, e) -> respond(e == null
            ? rooms : Map.of("error", String.valueOf(e.getMessage())), e == null)))));
  }

  private CompletionStage<LocalRooms> local() {
    String self = Cluster.get(Adapter.toClassic(system)).selfMember().address().toString();
    CompletionStage<ShardRegion.CurrentShardRegionState> state = AskPattern.ask(
        ClusterSharding.get(system).shardState(),
        replyTo -> new GetShardRegionState(MucRoom.TYPE_KEY, replyTo),
        TIMEOUT, system.scheduler());
    return state.thenApply(s -> {
      List<LocalShard> shards = new ArrayList<>();
      for (ShardRegion.ShardState shard : s.getShards()) {
        shards.add(new LocalShard(shard.shardId(), shard.getEntityIds().stream().sorted().toList()));
      }
      shards.sort(java.util.Comparator.comparing(LocalShard::shard));
      return new LocalRooms(self, shards);
    });
  }

  private static HttpResponse respond(Object body, boolean ok) {
    try {
      return HttpResponse.create().withStatus(ok ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE)
          .withEntity(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      return HttpResponse.create().withStatus(StatusCodes.INTERNAL_SERVER_ERROR);
    }
  }

  /** The id Pekko Management instantiates (public, no-argument constructor). */
  public static final class Id extends AbstractExtensionId<MucRoutes> implements ExtensionIdProvider {
    @Override
    public Id lookup() {
      return this;
    }

    @Override
    public MucRoutes createExtension(ExtendedActorSystem system) {
      return new MucRoutes(Adapter.toTyped(system));
    }
  }
}
