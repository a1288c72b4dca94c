package io.switchboard.node.muc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.switchboard.node.status.NodeStatus;
import io.switchboard.sharding.muc.MucRoom;
import io.switchboard.sharding.muc.MucService;
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
 * The multi-user chat rooms on the management port (behind its token; {@code ./switchboard room}):
 *
 * <ul>
 *   <li>{@code GET /switchboard/rooms}: the rooms running on this node (their entity ids, i.e.
 *       room localparts, per shard), for operators and for tests that must know which node hosts
 *       a room. A node whose MUC service is off answers an empty list.
 *   <li>{@code GET /switchboard/rooms/all}: every room of the service, cluster-wide, from the
 *       room directory in Cassandra (no room is woken).
 *   <li>{@code DELETE /switchboard/rooms/ROOM?reason=...&alternate=...}: destroys the room as an
 *       owner would (XEP-0045 §10.9: occupants leave with the reason and the alternate venue);
 *       404 when no such room exists, 400 for a name that is not a room's local part.
 * </ul>
 */
public final class MucRoutes extends AllDirectives implements ManagementRouteProvider {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

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
    return concat(
        path(PathMatchers.segment("switchboard").slash("rooms"), () ->
            get(() -> completeWithFuture(local().handle((rooms, e) -> respond(e == null
                ? rooms : Map.of("error", String.valueOf(e.getMessage())), e == null))))),
        path(PathMatchers.segment("switchboard").slash("rooms").slash("all"), () ->
            get(() -> withService(muc -> completeWithFuture(muc.rooms().handle((rooms, e) -> respond(e == null
                ? rooms : Map.of("error", String.valueOf(e.getMessage())), e == null)))))),
        path(PathMatchers.segment("switchboard").slash("rooms").slash(PathMatchers.segment()), room ->
            delete(() -> parameterOptional("reason", reason -> parameterOptional("alternate", alternate ->
                withService(muc -> destroy(muc, room, reason.orElse(null), alternate.orElse(null))))))));
  }

  private Route withService(java.util.function.Function<MucService, Route> inner) {
    return NodeStatus.get(system).muc().map(inner)
        .orElseGet(() -> complete(respond(Map.of("error", "the multi-user chat service is off"), false)));
  }

  private Route destroy(MucService muc, String room, String reason, String alternate) {
    java.util.Optional<String> problem = RoomTarget.problem(room, alternate, muc.jid());
    if (problem.isPresent()) {
      return complete(HttpResponse.create().withStatus(StatusCodes.BAD_REQUEST)
          .withEntity(ContentTypes.APPLICATION_JSON, json(Map.of("error", problem.get()))));
    }
    return completeWithFuture(muc.destroy(room, reason, alternate).handle((existed, e) -> {
      if (e != null) {
        return respond(Map.of("error", String.valueOf(e.getMessage())), false);
      }
      return HttpResponse.create().withStatus(existed ? StatusCodes.OK : StatusCodes.NOT_FOUND)
          .withEntity(ContentTypes.APPLICATION_JSON, json(Map.of("room", room + "@" + muc.jid(), "destroyed", existed)));
    }));
  }

  private static byte[] json(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
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
