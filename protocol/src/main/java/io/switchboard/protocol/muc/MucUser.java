package io.switchboard.protocol.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * XEP-0045 {@code <x xmlns='http://jabber.org/protocol/muc#user'/>}: the room's extended presence
 * (items and status codes), a destroyed room's {@code <destroy/>}, and mediated invitations and
 * declines (§7.8.2) with the room password.
 */
public record MucUser(List<MucItem> items, List<Integer> statuses, List<Invite> invites,
    List<Decline> declines, Destroy destroy, String password) {
  public static final String ELEMENT = "x";
  public static final String NAMESPACE = Namespaces.MUC_USER;

  /**
   * {@code <invite to|from><reason/><continue thread/></invite>}: {@code to} when an occupant
   * asks the room to invite, {@code from} when the room passes it on.
   */
  public record Invite(String to, String from, String reason, String thread) {}

  /** {@code <decline to|from><reason/></decline>}. */
  public record Decline(String to, String from, String reason) {}

  /** {@code <destroy jid password><reason/></destroy>} (§10.9); every part may be null. */
  public record Destroy(String jid, String password, String reason) {
    public XmlElement toElement(String namespace) {
      XmlElement.Builder b = XmlElement.builder("destroy", namespace).attr("jid", jid);
      if (password != null) {
        b.textChild("password", password);
      }
      if (reason != null) {
        b.textChild("reason", reason);
      }
      return b.build();
    }

    public static Destroy parse(XmlElement e) {
      return new Destroy(e.attr("jid"), e.childText("password", e.namespace()).orElse(null),
          e.childText("reason", e.namespace()).orElse(null));
    }
  }

  public MucUser {
    items = List.copyOf(items);
    statuses = List.copyOf(statuses);
    invites = List.copyOf(invites);
    declines = List.copyOf(declines);
  }

  /** Presence information: one item and status codes. */
  public static MucUser presence(MucItem item, List<Integer> statuses) {
    return new MucUser(item == null ? List.of() : List.of(item), statuses, List.of(), List.of(), null, null);
  }

  public static MucUser statuses(List<Integer> statuses) {
    return new MucUser(List.of(), statuses, List.of(), List.of(), null, null);
  }

  public Optional<MucItem> item() {
    return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
  }

  public static Optional<MucUser> parse(XmlElement e) {
    if (!e.is(ELEMENT, NAMESPACE)) {
      return Optional.empty();
    }
    List<MucItem> items = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    List<Invite> invites = new ArrayList<>();
    List<Decline> declines = new ArrayList<>();
    Destroy destroy = null;
    String password = null;
    for (XmlElement c : e.elements()) {
      if (!NAMESPACE.equals(c.namespace())) {
        continue;
      }
      switch (c.name()) {
        case "item" -> items.add(MucItem.parse(c));
        case "status" -> {
          try {
            statuses.add(Integer.parseInt(c.attr("code")));
          } catch (NumberFormatException ignored) {
            // An unreadable status code carries nothing.
          }
        }
        case "invite" -> invites.add(new Invite(c.attr("to"), c.attr("from"),
            c.childText("reason", NAMESPACE).orElse(null),
            c.child("continue", NAMESPACE).map(x -> x.attr("thread")).orElse(null)));
        case "decline" -> declines.add(new Decline(c.attr("to"), c.attr("from"),
            c.childText("reason", NAMESPACE).orElse(null)));
        case "destroy" -> destroy = Destroy.parse(c);
        case "password" -> password = c.text();
        default -> { }
      }
    }
    return Optional.of(new MucUser(items, statuses, invites, declines, destroy, password));
  }

  public XmlElement toElement() {
    XmlElement.Builder b = XmlElement.builder(ELEMENT, NAMESPACE);
    for (Invite i : invites) {
      XmlElement.Builder ib = XmlElement.builder("invite", NAMESPACE).attr("to", i.to()).attr("from", i.from());
      if (i.reason() != null) {
        ib.textChild("reason", i.reason());
      }
      if (i.thread() != null) {
        ib.child(XmlElement.builder("continue", NAMESPACE).attr("thread", i.thread()));
      }
      b.child(ib);
    }
    for (Decline d : declines) {
      XmlElement.Builder db = XmlElement.builder("decline", NAMESPACE).attr("to", d.to()).attr("from", d.from());
      if (d.reason() != null) {
        db.textChild("reason", d.reason());
      }
      b.child(db);
    }
    for (MucItem i : items) {
      b.child(i.toElement(NAMESPACE));
    }
    for (int s : statuses) {
      b.child(XmlElement.builder("status", NAMESPACE).attr("code", Integer.toString(s)));
    }
    if (destroy != null) {
      b.child(destroy.toElement(NAMESPACE));
    }
    if (password != null) {
      b.textChild("password", password);
    }
    return b.build();
  }
}
