package io.switchboard.sharding.carbons;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.sid.StanzaIds;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.OnlineResources;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.delivery.Delivery;
import io.switchboard.sharding.session.delivery.DeliveryStage;
import java.util.List;
import java.util.Set;

/**
 * XEP-0280 message carbons (with XEP-0297 forwarding and the XEP-0334 no-copy hint): a resource
 * enables carbons for itself ({@code <enable/>}, a flag on the resource that survives a failover
 * and a resumption), and then gets a copy of every eligible message ({@link CarbonRules}) the
 * account receives on another resource ({@code <received/>}) or sends from one ({@code <sent/>}).
 * Copies go straight to the resources' connections, never with the message's receipt (the message
 * itself completes that), and never to a parked resource (it catches up from the archive).
 */
public final class Carbons implements Module, AccountIqHandler {
  /** The resource flag of a carbons-enabled resource. */
  public static final String FLAG = Namespaces.CARBONS;

  @Override
  public String name() {
    return "XEP-0280 message carbons";
  }

  @Override
  public List<AccountIqHandler> accountIq() {
    return List.of(this);
  }

  @Override
  public List<String> serverFeatures() {
    return List.of(Namespaces.CARBONS, Namespaces.CARBONS_RULES);
  }

  @Override
  public List<DeliveryStage> deliveryStages() {
    return List.of(RECEIVED_COPIES, SENT_COPIES);
  }

  // ---------------------------------------------------------------------------------------------
  // <enable/> and <disable/>

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.CARBONS);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner();
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.iq();
    String action = request.payload().name();
    Resource r = ctx.resources().get(request.resource());
    if (request.isGet() || r == null || !(action.equals("enable") || action.equals("disable"))) {
      Stanzas.errorReply(iq, StanzaErrorCondition.BAD_REQUEST).ifPresent(ctx::deliverLocal);
      return Outcome.none();
    }
    // §8.1: enabling or disabling again is not an error.
    ctx.resources().put(r.withFlag(FLAG, action.equals("enable")));
    ctx.deliverLocal(Stanzas.iqResult(iq));
    return Outcome.none();
  }

  // ---------------------------------------------------------------------------------------------
  // Copies

  /** §5: a received message, to each carbons-enabled resource it is not delivered to. */
  static final DeliveryStage RECEIVED_COPIES = new DeliveryStage() {
    @Override
    public Phase phase() {
      return Phase.ADDRESSED;
    }

    @Override
    public Delivery apply(SessionContext ctx, Account state, Delivery d) {
      if (CarbonRules.eligible(d.stanza(), true)) {
        copyTo(ctx, d.stanza(), d.targets(), null, true);
      }
      return d;
    }
  };

  /** §6: a sent message, to each carbons-enabled resource but the sender, with the sender's stanza-id. */
  static final DeliveryStage SENT_COPIES = new DeliveryStage() {
    @Override
    public Phase phase() {
      return Phase.SENT;
    }

    @Override
    public Delivery apply(SessionContext ctx, Account state, Delivery d) {
      if (CarbonRules.eligible(d.stanza(), false)) {
        XmlElement m = d.archivedAs() == null ? d.stanza() : StanzaIds.stamped(d.stanza(), d.archivedAs(), ctx.bare());
        copyTo(ctx, m, List.of(), d.resource(), false);
      }
      return d;
    }
  };

  private static void copyTo(SessionContext ctx, XmlElement message, List<Resource> targets, String sender,
      boolean received) {
    OnlineResources resources = ctx.resources();
    if (resources.size() < 2 && sender != null) {
      return;
    }
    for (Resource r : resources.all()) {
      if (!r.has(FLAG) || r.name().equals(sender) || targets.contains(r) || resources.isParked(r.name())) {
        continue;
      }
      XmlElement copy = CarbonRules.copy(message, ctx.bare(), ctx.full(r.name()), received);
      r.connection().tell(new ConnectionMessage.Deliver(copy));
    }
  }
}
