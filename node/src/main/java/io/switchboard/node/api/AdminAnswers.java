package io.switchboard.node.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sharding.admin.AdminOperations;
import io.switchboard.sharding.admin.OnlineUsers;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The answers of the session and announcement actions, one shape for both doors to them:
 * {@code /api/v1/admin} ({@link ApiAdmin}, an API token with scope {@code admin}) and the
 * management port's {@code /switchboard/sessions} and {@code /switchboard/announce} (the CLI).
 */
public final class AdminAnswers {
  private AdminAnswers() {}

  /** {@code {"sessions": [full JIDs], "accounts": n, "complete": bool}}. */
  public static HttpResponse sessions(OnlineUsers.Online online) {
    ObjectNode out = JsonResponse.object();
    online.fullJids().forEach(out.putArray("sessions")::add);
    out.put("accounts", online.accounts()).put("complete", online.complete());
    return JsonResponse.ok(out);
  }

  /** {@code {"users": [bare JIDs], "count": n, "complete": bool}}. */
  public static HttpResponse users(java.util.List<String> users, boolean complete) {
    ObjectNode out = JsonResponse.object();
    users.forEach(out.putArray("users")::add);
    return JsonResponse.ok(out.put("count", users.size()).put("complete", complete));
  }

  /** {@code {"jid", "lastLogin": "...Z" or null, "resources": n}}. */
  public static HttpResponse account(AdminOperations.AccountInfo info) {
    ObjectNode out = JsonResponse.object().put("jid", info.jid().toString());
    if (info.lastLogin() == null) {
      out.putNull("lastLogin");
    } else {
      out.put("lastLogin", info.lastLogin().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }
    return JsonResponse.ok(out.put("resources", info.resources()));
  }

  /** {@code {"ended": n, "complete": bool}}. */
  public static HttpResponse ended(AdminOperations.Ended ended) {
    return JsonResponse.ok(JsonResponse.object().put("ended", ended.sessions()).put("complete", ended.complete()));
  }

  /** {@code {"sent": n, "complete": bool}}. */
  public static HttpResponse sent(AdminOperations.Sent sent) {
    return JsonResponse.ok(JsonResponse.object().put("sent", sent.recipients()).put("complete", sent.complete()));
  }
}
