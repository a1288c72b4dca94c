package io.switchboard.sharding.admin;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Locale;
import java.util.Optional;

/**
 * One XEP-0050 {@code <command/>} a client sent to the server (type set), as read.
 *
 * @param node the command's node (null when missing)
 * @param sessionId the session it continues, or null for a new one
 * @param action what it asks; null when the {@code action} attribute names none XEP-0050 knows
 * @param form the data form it carries, if any
 */
public record CommandRequest(String node, String sessionId, Action action, Optional<DataForm> form) {

  /** XEP-0050 §4.4 actions; a missing {@code action} is {@link #EXECUTE}. */
  public enum Action {
    EXECUTE, NEXT, PREV, COMPLETE, CANCEL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static CommandRequest parse(XmlElement command) {
    String a = command.attr("action");
    Action action = a == null ? Action.EXECUTE : switch (a) {
      case "execute" -> Action.EXECUTE;
      case "next" -> Action.NEXT;
      case "prev" -> Action.PREV;
      case "complete" -> Action.COMPLETE;
      case "cancel" -> Action.CANCEL;
      default -> null;
    };
    String session = command.attr("sessionid");
    return new CommandRequest(command.attr("node"), session == null || session.isEmpty() ? null : session,
        action, command.child(DataForm.ELEMENT, Namespaces.DATA_FORMS).map(DataForm::parse));
  }
}
