package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.disco.DiscoInfo;
import io.switchboard.protocol.disco.DiscoItems;
import io.switchboard.protocol.disco.Identity;
import io.switchboard.protocol.form.TypedForm;
import io.switchboard.protocol.form.TypedForm.Field;
import io.switchboard.protocol.form.TypedForm.FieldType;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Service discovery of a room (XEP-0045 §6.4 room information with the {@code muc#roominfo}
 * form, §6.5 room items: its occupants where the room is public, §7.12 the reserved-nick node).
 * Stateless.
 */
final class RoomDisco {
  /** Preserves the ids of messages it reflects (XEP-0045 §7.4, Smack's "stable id" feature). */
  static final String STABLE_ID = "http://jabber.org/protocol/muc#stable_id";
  /** XEP-0045 §7.12: the node a client asks for its reserved nickname. */
  static final String ROOMUSER_NODE = "x-roomuser-item";

  Decision onInfo(RoomContext ctx, RoomState s, RoomRequest.RoomIq req) {
    String node = req.payload().attr("node");
    if (ROOMUSER_NODE.equals(node)) {
      // No nicknames are registered with rooms here: an answer without identity (§7.12).
      return Decision.result(req.stanza(), new DiscoInfo(node, List.of(), List.of()).toElement());
    }
    if (node != null) {
      return Decision.error(req.stanza(), io.switchboard.protocol.error.StanzaErrorCondition.ITEM_NOT_FOUND);
    }
    RoomConfig c = s.config();
    List<String> features = new ArrayList<>(List.of(
        Namespaces.MUC,
        c.publicRoom() ? "muc_public" : "muc_hidden",
        c.persistent() ? "muc_persistent" : "muc_temporary",
        c.membersOnly() ? "muc_membersonly" : "muc_open",
        c.moderated() ? "muc_moderated" : "muc_unmoderated",
        c.nonAnonymous() ? "muc_nonanonymous" : "muc_semianonymous",
        c.needsPassword() ? "muc_passwordprotected" : "muc_unsecured",
        STABLE_ID,
        Namespaces.MUC_SELF_PING,
        Namespaces.OCCUPANT_ID,
        Namespaces.SID,
        Namespaces.DISCO_INFO,
        Namespaces.DISCO_ITEMS,
        Namespaces.PING));
    features.addAll(ctx.archiveFeatures());
    String name = c.name().isEmpty() ? ctx.room().substring(0, ctx.room().indexOf('@')) : c.name();
    XmlElement info = new DiscoInfo(null, List.of(new Identity("conference", "text", name)), features).toElement();
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("muc#roominfo_description", FieldType.TEXT_SINGLE, "Description", List.of(c.description())));
    fields.add(Field.of("muc#roominfo_subject", FieldType.TEXT_SINGLE, "Subject", List.of(s.subject())));
    fields.add(Field.of("muc#roominfo_subjectmod", FieldType.BOOLEAN, "Occupants may change the subject",
        List.of(c.occupantsChangeSubject() ? "1" : "0")));
    fields.add(Field.of("muc#roominfo_occupants", FieldType.TEXT_SINGLE, "Number of occupants",
        List.of(Integer.toString(s.occupants().size()))));
    fields.add(Field.of("muc#maxhistoryfetch", FieldType.TEXT_SINGLE, "Maximum number of history messages returned",
        List.of(Integer.toString(c.maxHistory()))));
    if (!c.lang().isEmpty()) {
      fields.add(Field.of("muc#roominfo_lang", FieldType.TEXT_SINGLE, "Language", List.of(c.lang())));
    }
    XmlElement form = TypedForm.of(TypedForm.Type.RESULT, Namespaces.MUC_ROOMINFO, null, fields).toElement();
    return Decision.result(req.stanza(), info.withChild(form));
  }

  /** §6.5: the occupants of a public room to anyone, of a hidden room to occupants only. */
  Decision onItems(RoomContext ctx, RoomState s, RoomRequest.RoomIq req) {
    if (req.payload().attr("node") != null) {
      return Decision.error(req.stanza(), io.switchboard.protocol.error.StanzaErrorCondition.ITEM_NOT_FOUND);
    }
    List<DiscoItems.Item> items = new ArrayList<>();
    if (s.config().publicRoom() || s.bySession(req.from()) != null) {
      for (Occupant o : s.occupants().values()) {
        items.add(new DiscoItems.Item(ctx.occupantJid(o.nick()), null, null));
      }
    }
    return Decision.result(req.stanza(), new DiscoItems(null, items).toElement());
  }
}
