package io.switchboard.sharding.mam;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * An account's archiving preferences (XEP-0441): the default for JIDs in neither list, and the
 * JIDs always and never archived. The account's slice of the session state; null in an account
 * that never set any (the server's default applies). Immutable.
 */
public record MamPreferences(Default defaultBehaviour, Set<String> always, Set<String> never)
    implements CborSerializable {

  /** XEP-0441 §2.1.1: what happens to JIDs in neither list. */
  public enum Default {
    ALWAYS,
    NEVER,
    /** Only contacts whose bare JID is in the roster. */
    ROSTER;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Default> fromWireName(String s) {
      for (Default d : values()) {
        if (d.wireName().equals(s)) {
          return Optional.of(d);
        }
      }
      return Optional.empty();
    }
  }

  public MamPreferences {
    always = always == null ? Set.of() : Set.copyOf(always);
    never = never == null ? Set.of() : Set.copyOf(never);
  }

  public static MamPreferences of(Default d) {
    return new MamPreferences(d, Set.of(), Set.of());
  }

  /**
   * XEP-0441 §2.3: whether messages with {@code target} (the 'to' of an outgoing message, the
   * 'from' of an incoming one) are archived; {@code inRoster} answers for the default 'roster'.
   * Never wins over always when a JID is in both.
   */
  public boolean archives(Jid target, java.util.function.Predicate<Jid> inRoster) {
    if (matches(never, target)) {
      return false;
    }
    if (matches(always, target)) {
      return true;
    }
    return switch (defaultBehaviour) {
      case ALWAYS -> true;
      case NEVER -> false;
      case ROSTER -> inRoster.test(target.asBareJid());
    };
  }

  /** A listed JID with a resource matches exactly; a bare one matches the target's bare JID. */
  private static boolean matches(Set<String> listed, Jid target) {
    return !listed.isEmpty() && (listed.contains(target.toString()) || listed.contains(target.asBareJid().toString()));
  }

  /** {@code <prefs xmlns='urn:xmpp:mam:2' default=...><always/><never/></prefs>}. */
  public XmlElement toElement() {
    XmlElement.Builder always = XmlElement.builder("always", Namespaces.MAM);
    this.always.stream().sorted().forEach(j -> always.textChild("jid", j));
    XmlElement.Builder never = XmlElement.builder("never", Namespaces.MAM);
    this.never.stream().sorted().forEach(j -> never.textChild("jid", j));
    return XmlElement.builder("prefs", Namespaces.MAM).attr("default", defaultBehaviour.wireName())
        .child(always).child(never).build();
  }

  /** Reads a {@code <prefs/>} set by a client; empty when the default or a JID is invalid. */
  public static Optional<MamPreferences> parse(XmlElement prefs) {
    Optional<Default> d = Default.fromWireName(prefs.attr("default"));
    if (d.isEmpty()) {
      return Optional.empty();
    }
    Optional<Set<String>> always = jids(prefs, "always");
    Optional<Set<String>> never = jids(prefs, "never");
    if (always.isEmpty() || never.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new MamPreferences(d.get(), always.get(), never.get()));
  }

  private static Optional<Set<String>> jids(XmlElement prefs, String list) {
    Set<String> out = new LinkedHashSet<>();
    for (XmlElement l : prefs.elements(list, Namespaces.MAM)) {
      for (XmlElement j : l.elements("jid", Namespaces.MAM)) {
        Optional<Jid> jid = Jids.parse(j.text().trim());
        if (jid.isEmpty()) {
          return Optional.empty();
        }
        out.add(jid.get().toString());
      }
    }
    return Optional.of(out);
  }
}
