package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.muc.MucJoin;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives {@link RoomLogic} in tests: a room at {@value #ROOM}, requests built as clients send
 * them (from stamped), each decision's events applied to the state, what it sends flattened to
 * one stanza per recipient.
 */
final class RoomFixture {
  static final String DOMAIN = "example.com";
  static final String ROOM = "room@conference.example.com";
  static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  final RoomLogic logic = new RoomLogic();
  MucSettings settings = MucSettings.defaults();
  RoomState state = RoomState.ABSENT;
  boolean rateAllows = true;
  Integer roomsCreated = 0;
  List<String> archiveFeatures = List.of(Namespaces.MAM);
  Decision last;

  RoomContext ctx() {
    return new RoomContext(ROOM, DOMAIN, settings, NOW, "pekko://sb@node1:1", o -> rateAllows, roomsCreated,
        archiveFeatures);
  }

  /** Decides {@code stanza}, applies its events, returns every stanza it sends (fan-outs expanded). */
  List<XmlElement> send(XmlElement stanza) {
    last = logic.decide(ctx(), state, RoomRequest.parse(stanza));
    for (RoomEvent e : last.events()) {
      state = state.apply(e);
    }
    return flatten(last);
  }

  static List<XmlElement> flatten(Decision d) {
    List<XmlElement> out = new ArrayList<>();
    for (Outgoing o : d.out()) {
      if (o instanceof Outgoing.Send s) {
        out.add(s.stanza());
      } else if (o instanceof Outgoing.Fanout f) {
        f.recipients().forEach(r -> out.add(f.template().withAttribute("to", r)));
      } else if (o instanceof Outgoing.Broadcast b) {
        b.recipients().forEach(r -> out.add(b.message().withAttribute("to", r)));
      } else if (o instanceof Outgoing.History h) {
        out.add(XmlElement.builder("history-placeholder", "test").attr("to", h.fullJid()).build());
      } else if (o instanceof Outgoing.ForwardIq f) {
        out.add(f.iq().withAttribute("to", f.target()).withAttribute("from", f.asOccupant()));
      } else if (o instanceof Outgoing.ArchiveQuery q) {
        out.add(XmlElement.builder("archive-query-placeholder", "test").attr("to", q.iq().attr("from")).build());
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Stanzas as clients send them

  static XmlElement join(String from, String nick) {
    return join(from, nick, MucJoin.PLAIN);
  }

  static XmlElement join(String from, String nick, MucJoin join) {
    return XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("from", from)
        .attr("to", ROOM + "/" + nick).attr("id", "j-" + nick).child(join.toElement()).build();
  }

  static XmlElement presence(String from, String nick, String type) {
    return XmlElement.builder("presence", Namespaces.JABBER_CLIENT).attr("from", from)
        .attr("to", ROOM + "/" + nick).attr("type", type).attr("id", "p-" + nick).build();
  }

  static XmlElement groupchat(String from, String id, String body) {
    XmlElement.Builder b = XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", from)
        .attr("to", ROOM).attr("type", "groupchat").attr("id", id);
    if (body != null) {
      b.textChild("body", body);
    }
    return b.build();
  }

  static XmlElement subject(String from, String subject) {
    return XmlElement.builder("message", Namespaces.JABBER_CLIENT).attr("from", from).attr("to", ROOM)
        .attr("type", "groupchat").attr("id", "s1").textChild("subject", subject).build();
  }

  static XmlElement iq(String from, String to, String type, XmlElement payload) {
    return XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("from", from).attr("to", to)
        .attr("type", type).attr("id", "q1").child(payload).build();
  }

  static XmlElement admin(String from, String type, XmlElement... items) {
    XmlElement.Builder q = XmlElement.builder("query", Namespaces.MUC_ADMIN);
    for (XmlElement i : items) {
      q.child(i);
    }
    return iq(from, ROOM, type, q.build());
  }

  static XmlElement item(String attr, String value, String attr2, String value2) {
    return XmlElement.builder("item", Namespaces.MUC_ADMIN).attr(attr, value).attr(attr2, value2).build();
  }

  static XmlElement owner(String from, String type, XmlElement child) {
    XmlElement.Builder q = XmlElement.builder("query", Namespaces.MUC_OWNER);
    if (child != null) {
      q.child(child);
    }
    return iq(from, ROOM, type, q.build());
  }

  /** An empty submitted form: accepts the defaults (instant room, §10.1.2). */
  static XmlElement instant(String from) {
    return owner(from, "set", XmlElement.builder("x", Namespaces.DATA_FORMS).attr("type", "submit").build());
  }

  /** A submitted roomconfig form with {@code varsAndValues} (var, value, var, value...). */
  static XmlElement configure(String from, String... varsAndValues) {
    XmlElement.Builder x = XmlElement.builder("x", Namespaces.DATA_FORMS).attr("type", "submit");
    x.child(XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", "FORM_TYPE")
        .child(XmlElement.builder("value", Namespaces.DATA_FORMS).text(Namespaces.MUC_ROOMCONFIG)));
    for (int i = 0; i < varsAndValues.length; i += 2) {
      x.child(XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", varsAndValues[i])
          .child(XmlElement.builder("value", Namespaces.DATA_FORMS).text(varsAndValues[i + 1])));
    }
    return owner(from, "set", x.build());
  }

  // ---------------------------------------------------------------------------------------------
  // Reading what was sent

  static List<XmlElement> to(List<XmlElement> out, String recipient) {
    return out.stream().filter(s -> recipient.equals(s.attr("to"))).toList();
  }

  static String error(XmlElement stanza) {
    return stanza.child("error", stanza.namespace())
        .flatMap(e -> e.elements().stream().filter(c -> c.namespace().equals(Namespaces.STANZA_ERRORS)
            && !c.name().equals("text")).findFirst())
        .map(XmlElement::name).orElse(null);
  }

  static List<Integer> statuses(XmlElement presence) {
    return presence.child("x", Namespaces.MUC_USER).map(x -> x.elements("status", Namespaces.MUC_USER)
        .stream().map(s -> Integer.parseInt(s.attr("code"))).toList()).orElse(List.of());
  }

  static XmlElement item(XmlElement presence) {
    return presence.child("x", Namespaces.MUC_USER).flatMap(x -> x.child("item", Namespaces.MUC_USER)).orElse(null);
  }

  /** A room created by {@code owner} as {@code nick} and accepted as instant. */
  RoomFixture created(String owner, String nick) {
    send(join(owner, nick));
    send(instant(owner));
    return this;
  }
}
