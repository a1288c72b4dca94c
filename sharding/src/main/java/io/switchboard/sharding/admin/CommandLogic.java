package io.switchboard.sharding.admin;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.sharding.admin.CommandRequest.Action;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;

/**
 * The pure decision step of XEP-0050 for the XEP-0133 commands: what a {@code <command/>} from a
 * requester asks, given whether the requester is an admin and what the node knows of the session
 * it names. Every command here has one form, so a session is: execute (the form comes back, a
 * session opens), then complete/execute with the filled form, or cancel. A filled form sent with
 * the first execute completes at once.
 */
public final class CommandLogic {
  private CommandLogic() {}

  /** What the server does. */
  public sealed interface Step {

    /**
     * An IQ error: {@code condition}, with XEP-0050's {@code commandsCondition} (bad-action,
     * bad-sessionid, malformed-action, bad-payload, session-expired) when not null.
     */
    record Refuse(StanzaErrorCondition condition, String commandsCondition, String text) implements Step {}

    /** Send {@code command}'s form in a new session (status executing). */
    record Open(AdminCommand command) implements Step {}

    /** Do {@code operation}; {@code sessionId} is the session it ends, or null for none. */
    record Run(AdminCommand command, AdminOperation operation, String sessionId) implements Step {}

    /** End session {@code sessionId} without doing anything (status canceled). */
    record Cancel(AdminCommand command, String sessionId) implements Step {}
  }

  /**
   * @param lookup what the node knows of {@code request.sessionId()}; ignored when it is null
   */
  public static Step decide(CommandRequest request, boolean admin, CommandSessions.Lookup lookup,
      DomainBareJid domain, int maxListed) {
    Optional<AdminCommand> known = Optional.ofNullable(request.node()).flatMap(AdminCommand::ofNode);
    if (known.isEmpty() && AdminCommand.GET_USER_PASSWORD.equals(request.node())) {
      return admin
          ? new Step.Refuse(StanzaErrorCondition.NOT_ALLOWED, null,
              "passwords are not stored (only salted SCRAM keys): there is none to give")
          : new Step.Refuse(StanzaErrorCondition.FORBIDDEN, null, "only the server's admins run this command");
    }
    if (known.isEmpty() && AdminCommand.NOT_IMPLEMENTED.containsKey(request.node())) {
      return admin
          ? new Step.Refuse(StanzaErrorCondition.FEATURE_NOT_IMPLEMENTED, null,
              AdminCommand.NOT_IMPLEMENTED.get(request.node()))
          : new Step.Refuse(StanzaErrorCondition.FORBIDDEN, null, "only the server's admins run this command");
    }
    if (known.isEmpty()) {
      return new Step.Refuse(StanzaErrorCondition.ITEM_NOT_FOUND, null, "no such command");
    }
    AdminCommand command = known.get();
    if (!admin) {
      return new Step.Refuse(StanzaErrorCondition.FORBIDDEN, null, "only the server's admins run this command");
    }
    Action action = request.action();
    if (action == null) {
      return badRequest("malformed-action", "unknown action");
    }
    if (request.sessionId() == null) {
      return firstStage(command, action, request.form(), domain, maxListed);
    }
    if (lookup instanceof CommandSessions.Lookup.Expired) {
      return new Step.Refuse(StanzaErrorCondition.NOT_ALLOWED, "session-expired", "the session expired");
    }
    if (!(lookup instanceof CommandSessions.Lookup.Found f) || f.session().command() != command) {
      return badRequest("bad-sessionid", "no such session");
    }
    return switch (action) {
      case CANCEL -> new Step.Cancel(command, request.sessionId());
      case NEXT, PREV -> badRequest("bad-action", "this command has one stage: complete or cancel");
      case EXECUTE, COMPLETE -> request.form().isEmpty()
          ? badRequest("bad-payload", "the filled form is missing")
          : run(command, request.form().get(), request.sessionId(), domain, maxListed);
    };
  }

  private static Step firstStage(AdminCommand command, Action action, Optional<DataForm> form,
      DomainBareJid domain, int maxListed) {
    if (action != Action.EXECUTE && action != Action.COMPLETE) {
      return badRequest("bad-action", "a new session starts with execute");
    }
    if (command.formless()) {
      return new Step.Run(command, CommandForms.formless(command), null);
    }
    if (form.isPresent()) {
      return run(command, form.get(), null, domain, maxListed);
    }
    return action == Action.EXECUTE ? new Step.Open(command)
        : badRequest("bad-payload", "complete needs the filled form");
  }

  private static Step run(AdminCommand command, DataForm form, String sessionId, DomainBareJid domain,
      int maxListed) {
    CommandForms.Read read = CommandForms.read(command, form, domain, maxListed);
    if (read instanceof CommandForms.Read.Ok ok) {
      return new Step.Run(command, ok.operation(), sessionId);
    }
    return badRequest("bad-payload", ((CommandForms.Read.Invalid) read).reason());
  }

  private static Step badRequest(String commandsCondition, String text) {
    return new Step.Refuse(StanzaErrorCondition.BAD_REQUEST, commandsCondition, text);
  }
}
