package io.switchboard.node.muc;

import io.switchboard.node.status.ShardingQueries;
import io.switchboard.node.api.JsonResponse;
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
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.ShardRegion;
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
      return complete(JsonResponse.error(StatusCodes.BAD_REQUEST, problem.get()));
    }
    return completeWithFuture(muc.destroy(room, reason, alternate).handle((existed, e) -> {
      if (e != null) {
        return respond(Map.of("error", String.valueOf(e.getMessage())), false);
      }
      return JsonResponse.of(existed ? StatusCodes.OK : StatusCodes.NOT_FOUND,
          Map.of("room", room + "@" + muc.jid(), "destroyed", existed));
    }));
  }

  private CompletionStage<LocalRooms> local() {
    String self = Cluster.get(Adapter.toClassic(system)).selfMember().address().toString();
    return ShardingQueries.here(system, MucRoom.TYPE_KEY, TIMEOUT).thenApply(s -> {
      List<LocalShard> shards = new ArrayList<>();
      for (ShardRegion.ShardState shard : s.getShards()) {
        shards.add(new LocalShard(shard.shardId(), shard.getEntityIds().stream().sorted().toList()));
      }
      shards.sort(java.util.Comparator.comparing(LocalShard::shard));
      return new LocalRooms(self, shards);
    });
  }

  private static HttpResponse respond(Object body, boolean ok) {
    return JsonResponse.of(ok ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, body);
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
