package io.switchboard.node.admin;

import io.switchboard.node.api.AdminAnswers;
import io.switchboard.node.api.AdminRequest;
import io.switchboard.node.api.JsonBody;
import io.switchboard.node.api.JsonResponse;
import io.switchboard.sharding.admin.AdminOperations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;
import org.jxmpp.jid.EntityJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions and announcements on the management port (behind its token; {@code ./switchboard
 * sessions}, {@code kick}, {@code announce}), over the node's {@link AdminOperations}:
 *
 * <ul>
 *   <li>{@code GET /switchboard/sessions}: {@code {"sessions": [full JIDs], "accounts": n, "complete": bool}},
 *       cluster-wide;
 *   <li>{@code DELETE /switchboard/sessions/JID}: a bare JID ends every session of the account, a
 *       full JID that one: {@code {"ended": n, "complete": bool}}; 400 for a JID not of the domain;
 *   <li>{@code POST /switchboard/announce} with {@code {"subject"?, "body"}}: a headline message to
 *       every online resource: {@code {"sent": n, "complete": bool}}; 400 naming the field at fault.
 * </ul>
 *
 * Answers 503 until the node has registered its operations ({@link #register}).
 */
public final class AdminRoutes extends AllDirectives implements ManagementRouteProvider, Extension {
  private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
  private static final long MAX_BODY = 64 * 1024;

  private final Registered registered;

  AdminRoutes(Registered registered) {
    this.registered = registered;
  }

  /**
   * Makes {@code ops} the operations the routes of {@code system} run. (Pekko Management creates
   * the routes through its own {@link Id} instance, a different extension key from any other, so
   * the operations are held by {@link Registered}, whose key is one constant.)
   */
  public static void register(ActorSystem<?> system, AdminOperations ops) {
    Registered.ID.get(Adapter.toClassic(system)).ops = ops;
  }

  /** The node's operations once registered, per actor system. */
  static final class Registered implements Extension {
    static final RegisteredId ID = new RegisteredId();
    volatile AdminOperations ops;
  }

  static final class RegisteredId extends AbstractExtensionId<Registered> {
    @Override
    public Registered createExtension(ExtendedActorSystem system) {
      return new Registered();
    }
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return concat(
        path(PathMatchers.segment("switchboard").slash("sessions"), () ->
            get(() -> withOps(o -> completeWithFuture(sessions(o))))),
        path(PathMatchers.segment("switchboard").slash("sessions").slash(PathMatchers.segments()), parts ->
            delete(() -> withOps(o -> completeWithFuture(endSessions(o, String.join("/", parts)))))),
        path(PathMatchers.segment("switchboard").slash("announce"), () ->
            post(() -> withOps(o -> withSizeLimit(MAX_BODY, () -> entity(
                org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller.entityToString(),
                body -> completeWithFuture(announce(o, body))))))));
  }

  private Route withOps(java.util.function.Function<AdminOperations, Route> inner) {
    AdminOperations o = registered.ops;
    return o == null ? complete(JsonResponse.error(StatusCodes.SERVICE_UNAVAILABLE, "administration is not started yet", null))
        : inner.apply(o);
  }

  private static CompletionStage<HttpResponse> sessions(AdminOperations o) {
    return o.online().handle((online, e) -> {
      if (e != null) {
        return JsonResponse.error(StatusCodes.SERVICE_UNAVAILABLE, String.valueOf(e.getMessage()), null);
      }
      return AdminAnswers.sessions(online);
    });
  }

  private static CompletionStage<HttpResponse> endSessions(AdminOperations o, String jid) {
    EntityJid target;
    try {
      target = AdminRequest.session(jid, o.domain());
    } catch (JsonBody.Invalid e) {
      return java.util.concurrent.CompletableFuture.completedFuture(
          JsonResponse.error(StatusCodes.BAD_REQUEST, e.getMessage(), e.field));
    }
    return o.endSessions(List.of(target)).thenApply(ended -> {
      log.info("management: ended {} session(s) of {}", ended.sessions(), target);
      return AdminAnswers.ended(ended);
    });
  }

  private static CompletionStage<HttpResponse> announce(AdminOperations o, String body) {
    AdminRequest.Announcement a;
    try {
      a = AdminRequest.announcement(body.getBytes(StandardCharsets.UTF_8));
    } catch (JsonBody.Invalid e) {
      return java.util.concurrent.CompletableFuture.completedFuture(
          JsonResponse.error(StatusCodes.BAD_REQUEST, e.getMessage(), e.field));
    }
    return o.announce(a.subject(), a.body()).thenApply(sent -> {
      log.info("management: announcement sent to {} resource(s)", sent.recipients());
      return AdminAnswers.sent(sent);
    });
  }

  /** The id Pekko Management instantiates (public, no-argument constructor). */
  public static final class Id extends AbstractExtensionId<AdminRoutes> implements ExtensionIdProvider {
    @Override
    public Id lookup() {
      return this;
    }

    @Override
    public AdminRoutes createExtension(ExtendedActorSystem system) {
      return new AdminRoutes(Registered.ID.get(system));
    }
  }
}
