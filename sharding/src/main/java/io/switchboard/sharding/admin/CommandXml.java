package io.switchboard.sharding.admin;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.disco.DiscoInfo;
import io.switchboard.protocol.disco.DiscoItems;
import io.switchboard.protocol.disco.Identity;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import java.util.List;

/** XEP-0050's {@code <command/>} replies and errors, and the disco#items of its node. Pure. */
final class CommandXml {
  private CommandXml() {}

  /** Status executing with {@code form}; complete is the one action (XEP-0050 §3.4). */
  static XmlElement executing(XmlElement iq, AdminCommand command, String sessionId, XmlElement form) {
    XmlElement actions = XmlElement.builder("actions", Namespaces.COMMANDS).attr("execute", "complete")
        .child(XmlElement.builder("complete", Namespaces.COMMANDS)).build();
    return Stanzas.iqResult(iq, command(command, sessionId, "executing").child(actions).child(form).build());
  }

  /** Status completed, with a note (info, or warn when {@code warn}) and/or a result form. */
  static XmlElement completed(XmlElement iq, AdminCommand command, String sessionId, String note, boolean warn,
      XmlElement form) {
    XmlElement.Builder c = command(command, sessionId, "completed");
    if (note != null) {
      c.child(XmlElement.builder("note", Namespaces.COMMANDS).attr("type", warn ? "warn" : "info").text(note));
    }
    if (form != null) {
      c.child(form);
    }
    return Stanzas.iqResult(iq, c.build());
  }

  static XmlElement canceled(XmlElement iq, AdminCommand command, String sessionId) {
    return Stanzas.iqResult(iq, command(command, sessionId, "canceled").build());
  }

  /** An error reply, with XEP-0050's condition element when {@code commandsCondition} is not null. */
  static XmlElement error(XmlElement iq, CommandLogic.Step.Refuse refuse) {
    StanzaError e = StanzaError.of(refuse.condition(), refuse.text());
    if (refuse.commandsCondition() != null) {
      e = e.withApplicationCondition(XmlElement.of(refuse.commandsCondition(), Namespaces.COMMANDS));
    }
    return Stanzas.errorReply(iq, e).orElseThrow();
  }

  /** disco#items of the commands node: {@code commands}, each at {@code jid}. */
  static XmlElement items(XmlElement iq, String jid, List<AdminCommand> commands) {
    List<DiscoItems.Item> items = commands.stream().map(c -> new DiscoItems.Item(jid, c.node(), c.title())).toList();
    return Stanzas.iqResult(iq, new DiscoItems(Namespaces.COMMANDS, items).toElement());
  }

  /** disco#info of a command's node (XEP-0050 §2.3). */
  static XmlElement info(XmlElement iq, AdminCommand command) {
    return Stanzas.iqResult(iq, new DiscoInfo(command.node(),
        List.of(new Identity("automation", "command-node", command.title())),
        List.of(Namespaces.COMMANDS, Namespaces.DATA_FORMS)).toElement());
  }

  private static XmlElement.Builder command(AdminCommand command, String sessionId, String status) {
    return XmlElement.builder("command", Namespaces.COMMANDS).attr("node", command.node())
        .attr("sessionid", sessionId).attr("status", status);
  }
}
