package io.switchboard.sharding.vcard;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.List;
import java.util.Set;

/**
 * XEP-0054 vcard-temp: the owner stores and reads its vCard, anyone reads it (an empty one when
 * none is stored); only the owner may set it.
 */
public final class VcardIq implements AccountIqHandler, Module {
  private static final String VCARD = "vCard";

  @Override
  public String name() {
    return "XEP-0054 vcard-temp";
  }

  @Override
  public List<String> serverFeatures() {
    return List.of(Namespaces.VCARD_TEMP);
  }

  @Override
  public List<String> accountFeatures() {
    return List.of(Namespaces.VCARD_TEMP);
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.VCARD_TEMP);
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.iq();
    boolean isVcard = request.payload().is(VCARD, Namespaces.VCARD_TEMP);
    XmlElement answer;
    if (isVcard && !request.isGet()) {
      if (request.fromOwner()) {
        return Outcome.persist(new VcardStored(request.payload())).then(() -> ctx.deliverLocal(Stanzas.iqResult(iq)));
      }
      answer = Stanzas.errorReply(iq, StanzaErrorCondition.FORBIDDEN).orElseThrow(); // only the owner sets it
    } else if (isVcard) {
      answer = Stanzas.iqResult(iq, state.vcard() != null ? state.vcard() : XmlElement.of(VCARD, Namespaces.VCARD_TEMP));
    } else {
      answer = Stanzas.errorReply(iq, StanzaErrorCondition.SERVICE_UNAVAILABLE).orElseThrow();
    }
    if (request.fromOwner()) {
      ctx.deliverLocal(answer);
    } else {
      ctx.routing().route(answer);
    }
    return Outcome.none();
  }
}
