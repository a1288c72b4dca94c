package io.switchboard.sharding.pep;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.caps.CapsDirectory;
import io.switchboard.sharding.caps.CapsRef;
import io.switchboard.sharding.caps.CapsVerification;
import io.switchboard.sharding.roster.RosterItem;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.UserSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0163 §4 with XEP-0115: who around one account wants notifications of which PEP nodes. Caps
 * of available presences (the account's own resources and its contacts') are resolved through the
 * cluster-wide {@link CapsDirectory}, or asked of the entity that announced them and verified; a
 * full JID that newly wants a node gets its last item from the PEP service. Answers
 * {@code NotifyTargets} for the PEP service. One per entity; in memory.
 */
public final class PepInterest {
  private static final Logger log = LoggerFactory.getLogger(PepInterest.class);

  /** A caps lookup in the {@link CapsDirectory} completed ({@code features} null: unknown). */
  public record CapsLookedUp(CapsRef ref, String full, List<String> features) implements UserSession.Command {}

  private final SessionContext ctx;
  private final PepHandler pep;
  private final CapsDirectory caps;
  private final NotifyInterests interests = new NotifyInterests();
  private long capsQueries;

  public PepInterest(SessionContext ctx, PepHandler pep, CapsDirectory caps) {
    this.ctx = ctx;
    this.pep = pep;
    this.caps = caps;
  }

  /**
   * {@code full} sent available presence: track its caps, resolve them, and send last items of
   * the nodes it newly wants (all of them when it came online, the new ones when its caps
   * changed).
   */
  public void observeAvailable(String full, XmlElement presence) {
    Optional<CapsRef> ref = CapsRef.of(presence);
    interests.available(full, ref);
    if (ref.isEmpty()) {
      return;
    }
    if (interests.isKnown(ref.get().ver())) {
      lastItems(full);
      return;
    }
    CapsRef r = ref.get();
    ctx.pipeToSelf(caps.features(r.ver()),
        (found, failure) -> new CapsLookedUp(r, full, found == null ? null : found.orElse(null)));
  }

  public void unavailable(String full) {
    interests.unavailable(full);
  }

  public Outcome onCapsLookedUp(CapsLookedUp cmd) {
    if (cmd.features() != null) {
      interests.learn(cmd.ref().ver(), cmd.features());
      lastItems(cmd.full());
      return Outcome.none();
    }
    if (interests.caps(cmd.full()).isEmpty()) {
      return Outcome.none();
    }
    // XEP-0115 §6.2: unknown caps are asked of the entity that announced them.
    String id = "caps-" + (++capsQueries);
    interests.asked(id, cmd.ref(), cmd.full());
    ctx.routing().route(XmlElement.builder("iq", Namespaces.JABBER_CLIENT).attr("type", "get").attr("id", id)
        .attr("from", ctx.bare()).attr("to", cmd.full())
        .child(XmlElement.builder("query", Namespaces.DISCO_INFO).attr("node", cmd.ref().discoNode()))
        .build());
    return Outcome.none();
  }

  /** An IQ result or error to the account: if it answers a caps query, it is verified, cached cluster-wide and used. */
  public void onIqResponse(XmlElement iq) {
    String id = iq.attr("id");
    if (id == null || !id.startsWith("caps-")) {
      return;
    }
    interests.answered(id).ifPresent(p -> {
      XmlElement query = iq.child("query", Namespaces.DISCO_INFO).orElse(null);
      if (!"result".equals(iq.attr("type")) || !p.full().equals(iq.attr("from")) || query == null
          || !CapsVerification.matches(p.ref(), query)) {
        log.debug("{}: caps of {} not verified; ignored", ctx.bare(), p.full());
        return;
      }
      List<String> features = CapsVerification.features(query);
      interests.learn(p.ref().ver(), features);
      caps.learned(p.ref().ver(), features);
      for (String full : interests.using(p.ref().ver())) {
        lastItems(full);
      }
    });
  }

  /** XEP-0163 §4.3.2: the PEP service sends {@code full} the last items it newly wants. */
  private void lastItems(String full) {
    Set<String> nodes = interests.newlyInterested(full);
    if (!nodes.isEmpty()) {
      Jids.parse(full).filter(Jid::hasResource).ifPresent(j ->
          pep.contactOnline(ctx.user(), j.asFullJidIfPossible(), nodes));
    }
  }

  /**
   * XEP-0163 §4.3.1: the full JIDs that get a notification of PEP node {@code node}: the
   * account's own available resources and its contacts with a presence subscription (from or
   * both) whose entity capabilities include {@code <node>+notify}.
   */
  public List<String> notifyTargets(Account state, String node) {
    List<String> out = new ArrayList<>();
    for (String full : interests.interestedIn(node)) {
      Jid j = Jids.parse(full).orElse(null);
      if (j == null || !j.hasResource()) {
        continue;
      }
      if (j.asBareJid().toString().equals(ctx.bare())) {
        Resource r = ctx.resources().get(j.getResourceOrThrow().toString());
        if (r != null && r.available() && !ctx.resources().isParked(r.name())) {
          out.add(full);
        }
      } else {
        RosterItem item = state.item(j.asBareJid());
        if (item != null && item.subscription().hasFrom() && !state.isBlocked(j)) {
          out.add(full);
        }
      }
    }
    return List.copyOf(out);
  }
}
