package io.switchboard.protocol.jid;

import java.util.Optional;
import org.jxmpp.JxmppContext;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * Typed JIDs. Switchboard uses jxmpp's JID types (bare, full, domain) throughout, normalised by
 * {@link PrecisStringprep} (RFC 7622). Call any method here once before using jxmpp directly so
 * the PRECIS backend is installed as jxmpp's default.
 */
public final class Jids {
  static {
    JxmppContext.setDefaultXmppStringprep(PrecisStringprep.INSTANCE);
  }

  private Jids() {}

  /** Installs the PRECIS backend; idempotent. */
  public static void init() {
    // The static initialiser does the work.
  }

  /** Parses any JID, or empty when it is not valid (the caller answers jid-malformed). */
  public static Optional<Jid> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JidCreate.from(s));
    } catch (XmppStringprepException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Domains seen by {@link #bareSharingDomain}; a node serves a handful, the cap guards the rest. */
  private static final java.util.concurrent.ConcurrentHashMap<String, DomainBareJid> DOMAINS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_SHARED_DOMAINS = 256;

  /**
   * {@link #bare(String)}, with the domain part one shared object per domain: a node keeps a bare
   * JID per session (the connection's and the entity's), and each parse would give it a domain of
   * its own (jxmpp still wraps it in a new DomainpartJid; the part and its string are shared).
   */
  public static EntityBareJid bareSharingDomain(String s) {
    EntityBareJid parsed = bare(s);
    DomainBareJid domain = parsed.asDomainBareJid();
    DomainBareJid shared = DOMAINS.get(domain.toString());
    if (shared == null) {
      if (DOMAINS.size() >= MAX_SHARED_DOMAINS) {
        return parsed;
      }
      shared = DOMAINS.computeIfAbsent(domain.toString(), k -> domain);
    }
    return shared == domain ? parsed : JidCreate.entityBareFrom(parsed.getLocalpart(), shared);
  }

  /**
   * {@code bare} with {@code resource}, or empty when the resource is not valid. The full JID
   * shares {@code bare} (parsing {@code bare + "/" + resource} would build a second copy of its
   * parts, and a node keeps one full JID per session).
   */
  public static Optional<EntityFullJid> withResource(EntityBareJid bare, String resource) {
    if (resource == null || resource.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JidCreate.entityFullFrom(bare, Resourcepart.from(resource)));
    } catch (XmppStringprepException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static Jid of(String s) {
    return parse(s).orElseThrow(() -> new IllegalArgumentException("malformed JID: " + s));
  }

  public static EntityBareJid bare(String s) {
    Jid jid = of(s);
    EntityBareJid bare = jid.asEntityBareJidIfPossible();
    if (bare == null || jid.hasResource()) {
      throw new IllegalArgumentException("not a bare user JID: " + s);
    }
    return bare;
  }

  public static EntityBareJid bare(String localpart, String domain) {
    return bare(localpart + "@" + domain);
  }

  public static EntityFullJid full(String s) {
    EntityFullJid full = of(s).asEntityFullJidIfPossible();
    if (full == null) {
      throw new IllegalArgumentException("not a full user JID: " + s);
    }
    return full;
  }

  public static DomainBareJid domain(String s) {
    Jid jid = of(s);
    if (!jid.isDomainBareJid()) {
      throw new IllegalArgumentException("not a domain JID: " + s);
    }
    return jid.asDomainBareJid();
  }
}
