package io.switchboard.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.node.muc.RoomTarget;
import io.switchboard.persistence.token.ApiToken;
import io.switchboard.sharding.muc.MucService;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of {@code /api/v1/admin} (scope {@code admin}), as the management port's
 * {@code ./switchboard room} offers them: every room of the MUC service from its directory in
 * Cassandra (no room is woken), and destroying one as its owner would (XEP-0045 §10.9). A node
 * whose MUC service is off answers 503.
 */
final class ApiRooms {
  private static final Logger log = LoggerFactory.getLogger(ApiRooms.class);
  private final Supplier<Optional<MucService>> muc;

  ApiRooms(Supplier<Optional<MucService>> muc) {
    this.muc = muc;
  }

  /** {@code {"rooms": [{"jid", "name", "public", "persistent", "creator", "created"}]}}. */
  CompletionStage<HttpResponse> list() {
    Optional<MucService> service = muc.get();
    if (service.isEmpty()) {
      return done(off());
    }
    return service.get().rooms().thenApply(rooms -> {
      ObjectNode out = JsonResponse.object();
      ArrayNode list = out.putArray("rooms");
      rooms.forEach(r -> {
        ObjectNode o = list.addObject().put("jid", r.room() + "@" + r.service()).put("name", r.name())
            .put("public", r.isPublic()).put("persistent", r.persistent()).put("creator", r.creator());
        o.put("created", r.created() == null ? null : r.created().toString());
      });
      return JsonResponse.ok(out);
    });
  }

  /** {@code {"room", "destroyed": true}}, 404 no such room, 400 a bad name or venue. */
  CompletionStage<HttpResponse> destroy(ApiToken token, String room, String reason, String alternate) {
    Optional<MucService> service = muc.get();
    if (service.isEmpty()) {
      return done(off());
    }
    MucService m = service.get();
    Optional<String> problem = RoomTarget.problem(room, alternate, m.jid());
    if (problem.isPresent()) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, problem.get().startsWith("not a room") ? "room" : "alternate",
          problem.get()).response());
    }
    String jid = room + "@" + m.jid();
    return m.destroy(room, reason, alternate).thenApply(existed -> {
      log.info("API token {} destroyed room {}: {}", token.name(), jid, existed ? "done" : "no such room");
      return existed
          ? JsonResponse.ok(JsonResponse.object().put("room", jid).put("destroyed", true))
          : ApiError.field(StatusCodes.NOT_FOUND, "room", "no such room").response();
    });
  }

  private static HttpResponse off() {
    return ApiError.of(StatusCodes.SERVICE_UNAVAILABLE, "the multi-user chat service is off on this node").response();
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
