package io.switchboard.sharding.session;

import io.switchboard.protocol.xml.XmlElement;
import java.util.List;
import java.util.Set;

/**
 * Answers IQ requests addressed to the account's bare JID (RFC 6121 §8.5.2.1.3) for the payload
 * namespaces it names: roster, blocking, vCard, private storage, PEP, disco and whatever a module
 * adds. The entity finds the handler by the payload's namespace, then asks {@link #accepts} (so
 * two handlers may share a namespace, as PEP and disco do). Handlers are shared by every entity of
 * the node and keep nothing per account; what they decide comes back as an {@link Outcome}.
 */
public interface AccountIqHandler {

  /** Who sent the request, and how it was addressed. */
  enum Origin {
    /** The account's own client, with no {@code to} (RFC 6120 §10.3.3: the server handles it for the user). */
    OWN_NO_TO,
    /** The account's own client, to its own bare JID. */
    OWN,
    /** Anyone else, to the bare JID. */
    OTHER
  }

  /**
   * One request.
   *
   * @param iq the IQ (type get or set, {@code from} stamped)
   * @param payload its first child element
   * @param origin who sent it
   * @param resource the sending resource for {@link Origin#OWN_NO_TO} and {@link Origin#OWN}, else null
   */
  record Request(XmlElement iq, XmlElement payload, Origin origin, String resource) {
    public boolean isGet() {
      return "get".equals(iq.attr("type"));
    }

    public boolean fromOwner() {
      return origin != Origin.OTHER;
    }
  }

  /** The payload namespaces this handler looks at. */
  Set<String> namespaces();

  /** Whether this handler answers {@code request} (its namespace is one of {@link #namespaces}). */
  default boolean accepts(Request request) {
    return true;
  }

  /** What the account's own disco#info announces for this handler (XEP-0030). */
  default List<String> accountFeatures() {
    return List.of();
  }

  /** Identities the account's disco#info adds for this handler (PEP: pubsub/pep). */
  default List<io.switchboard.protocol.disco.Identity> accountIdentities() {
    return List.of();
  }

  Outcome handle(SessionContext ctx, Account state, Request request);
}
