package io.switchboard.node.api;

import io.switchboard.persistence.token.ApiToken;
import io.switchboard.sharding.admin.AccountAdmin.Result;
import io.switchboard.sharding.admin.AdminOperations;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions of {@code /api/v1/admin} (scope {@code admin}), over the same {@link AdminOperations}
 * as the XEP-0133 commands: accounts (create 201 / 409, read with the last login 200 / 404, delete,
 * password, disabled: 204 / 404),
 * who is online, ending sessions and announcements, the welcome message and the message of the
 * day. Requests are checked by {@link AdminRequest}
 * (400 naming the field); a busy account store is a 503 with Retry-After. Passwords are never logged.
 */
final class ApiAdmin {
  private static final Logger log = LoggerFactory.getLogger(ApiAdmin.class);
  private final AdminOperations ops;

  ApiAdmin(AdminOperations ops) {
    this.ops = ops;
  }

  CompletionStage<HttpResponse> createAccount(ApiToken token, HttpRequest req, byte[] body) {
    if (!ApiRoutes.isJson(req)) {
      return done(ApiRoutes.unsupportedType("application/json"));
    }
    AdminRequest.NewAccount a;
    try {
      a = AdminRequest.newAccount(body, ops.domain());
    } catch (JsonBody.Invalid e) {
      return done(invalid(e));
    }
    return ops.create(a.jid(), a.password()).thenApply(r -> {
      log.info("API token {} created account {}: {}", token.name(), a.jid(), r);
      return switch (r) {
        case DONE -> JsonResponse.of(StatusCodes.CREATED, JsonResponse.object().put("jid", a.jid().toString()));
        case EXISTS -> ApiError.field(StatusCodes.CONFLICT, "jid", "the account exists").response();
        default -> failed(r);
      };
    });
  }

  /**
   * {@code {"jid", "lastLogin": XEP-0082 UTC to the second or null, "resources": n}}: from the
   * account's entity, as XEP-0133 get-user-lastlogin; 404 when there is no such account.
   */
  CompletionStage<HttpResponse> account(String jid) {
    return withAccount(jid, user -> ops.account(user).thenApply(info -> info.isEmpty() ? failed(Result.NOT_FOUND)
        : AdminAnswers.account(info.get())));
  }

  CompletionStage<HttpResponse> deleteAccount(ApiToken token, String jid) {
    return withAccount(jid, user -> ops.delete(user).thenApply(r -> {
      log.info("API token {} deleted account {}: {}", token.name(), user, r);
      return noContentOr(r);
    }));
  }

  CompletionStage<HttpResponse> password(ApiToken token, HttpRequest req, String jid, byte[] body) {
    if (!ApiRoutes.isJson(req)) {
      return done(ApiRoutes.unsupportedType("application/json"));
    }
    return withAccount(jid, user -> {
      String password;
      try {
        password = AdminRequest.password(body);
      } catch (JsonBody.Invalid e) {
        return done(invalid(e));
      }
      return ops.changePassword(user, password).thenApply(r -> {
        log.info("API token {} changed the password of {}: {}", token.name(), user, r);
        return noContentOr(r);
      });
    });
  }

  CompletionStage<HttpResponse> disabled(ApiToken token, HttpRequest req, String jid, byte[] body) {
    if (!ApiRoutes.isJson(req)) {
      return done(ApiRoutes.unsupportedType("application/json"));
    }
    return withAccount(jid, user -> {
      boolean disable;
      try {
        disable = AdminRequest.disabled(body);
      } catch (JsonBody.Invalid e) {
        return done(invalid(e));
      }
      return ops.setDisabled(user, disable).thenApply(r -> {
        log.info("API token {} {} account {}: {}", token.name(), disable ? "disabled" : "re-enabled", user, r);
        return noContentOr(r);
      });
    });
  }

  /** {@code {"sessions": [full JIDs], "accounts": n, "complete": bool}}. */
  CompletionStage<HttpResponse> sessions() {
    return ops.online().thenApply(AdminAnswers::sessions);
  }

  /** {@code {"ended": n, "complete": bool}}; a bare JID ends every session of the account. */
  CompletionStage<HttpResponse> endSessions(ApiToken token, String jid) {
    EntityJid target;
    try {
      target = AdminRequest.session(jid, ops.domain());
    } catch (JsonBody.Invalid e) {
      return done(invalid(e));
    }
    return ops.endSessions(List.of(target)).thenApply(e -> {
      log.info("API token {} ended {} session(s) of {}", token.name(), e.sessions(), target);
      return AdminAnswers.ended(e);
    });
  }

  /** {@code {"sent": n, "complete": bool}}: a headline message to every online resource. */
  CompletionStage<HttpResponse> announce(ApiToken token, HttpRequest req, byte[] body) {
    if (!ApiRoutes.isJson(req)) {
      return done(ApiRoutes.unsupportedType("application/json"));
    }
    AdminRequest.Announcement a;
    try {
      a = AdminRequest.announcement(body);
    } catch (JsonBody.Invalid e) {
      return done(invalid(e));
    }
    return ops.announce(a.subject(), a.body()).thenApply(s -> {
      log.info("API token {} sent an announcement to {} resource(s)", token.name(), s.recipients());
      return AdminAnswers.sent(s);
    });
  }

  /**
   * XEP-0133 get-active-users ({@code idle} false) or get-idle-users, cluster-wide:
   * {@code {"users": [bare JIDs, sorted], "count": n, "complete": bool}}.
   */
  CompletionStage<HttpResponse> users(boolean idle) {
    return ops.online().thenApply(o -> AdminAnswers.users(idle ? o.idleUsers() : o.activeUsers(), o.complete()));
  }

  /** The two texts an admin sets for the whole domain: XEP-0133 set-welcome and set-motd/edit-motd. */
  enum AdminText {
    WELCOME("welcome message"),
    MOTD("message of the day");

    private final String what;

    AdminText(String what) {
      this.what = what;
    }
  }

  /** {@code {"text"}}, the welcome message or the message of the day; 404 when none is set. */
  CompletionStage<HttpResponse> text(AdminText which) {
    CompletionStage<Optional<String>> text = which == AdminText.WELCOME ? ops.welcomeText() : ops.motdText();
    return text.thenApply(t -> t.isEmpty()
        ? ApiError.of(StatusCodes.NOT_FOUND, "no " + which.what + " is set").response()
        : JsonResponse.ok(JsonResponse.object().put("text", t.get())));
  }

  /**
   * {@code {"text"}}: sets the welcome message new accounts get, or the message of the day (sent at
   * each login from now on); 204.
   */
  CompletionStage<HttpResponse> setText(AdminText which, ApiToken token, HttpRequest req, byte[] body) {
    if (!ApiRoutes.isJson(req)) {
      return done(ApiRoutes.unsupportedType("application/json"));
    }
    String text;
    try {
      text = AdminRequest.text(body);
    } catch (JsonBody.Invalid e) {
      return done(invalid(e));
    }
    CompletionStage<Void> set = which == AdminText.WELCOME ? ops.setWelcome(text) : ops.setMotd(text);
    return set.thenApply(v -> {
      log.info("API token {} set the {}", token.name(), which.what);
      return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
    });
  }

  /** Deletes the welcome message or the message of the day; 204 (also when none was set). */
  CompletionStage<HttpResponse> deleteText(AdminText which, ApiToken token) {
    CompletionStage<Void> deleted = which == AdminText.WELCOME ? ops.deleteWelcome() : ops.deleteMotd();
    return deleted.thenApply(v -> {
      log.info("API token {} deleted the {}", token.name(), which.what);
      return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
    });
  }

  private CompletionStage<HttpResponse> withAccount(String jid,
      java.util.function.Function<EntityBareJid, CompletionStage<HttpResponse>> action) {
    try {
      return action.apply(AdminRequest.account(jid, ops.domain(), "jid"));
    } catch (JsonBody.Invalid e) {
      return done(invalid(e));
    }
  }

  private static HttpResponse noContentOr(Result r) {
    return r == Result.DONE ? HttpResponse.create().withStatus(StatusCodes.NO_CONTENT) : failed(r);
  }

  private static HttpResponse failed(Result r) {
    return switch (r) {
      case NOT_FOUND -> ApiError.field(StatusCodes.NOT_FOUND, "jid", "no such account").response();
      case BUSY -> ApiError.of(StatusCodes.SERVICE_UNAVAILABLE, "the server is busy; try again").response()
          .addHeader(RawHeader.create("Retry-After", "1"));
      default -> ApiError.of(StatusCodes.INTERNAL_SERVER_ERROR, "internal error").response();
    };
  }

  private static HttpResponse invalid(JsonBody.Invalid e) {
    return ApiError.field(StatusCodes.BAD_REQUEST, e.field, e.getMessage()).response();
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
