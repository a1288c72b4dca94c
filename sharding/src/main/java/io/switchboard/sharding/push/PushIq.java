package io.switchboard.sharding.push;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.form.DataForm;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.Outcome;
import io.switchboard.sharding.session.SessionContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jxmpp.jid.Jid;

/**
 * XEP-0357 §5–6: a client enables notifications to its app server's push service and node (with
 * the publish options to pass on) or disables them. The registration is journaled with the
 * resource that enabled it. A client that wants the message body in its notifications says so
 * with a second form in {@code <enable/>}, of FORM_TYPE {@code urn:xmpp:push:summary}, whose
 * {@code last-message-body} field is true (a Switchboard convention; the XEP leaves it open), and
 * gets it only where the server allows bodies at all.
 */
final class PushIq implements AccountIqHandler {
  private final PushSettings settings;

  PushIq(PushSettings settings) {
    this.settings = settings;
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.PUSH);
  }

  @Override
  public boolean accepts(Request request) {
    return request.fromOwner();
  }

  @Override
  public List<String> accountFeatures() {
    return List.of(Namespaces.PUSH);
  }

  @Override
  public Outcome handle(SessionContext ctx, Account state, Request request) {
    XmlElement iq = request.iq();
    XmlElement payload = request.payload();
    Optional<Jid> service = Jids.parse(payload.attr("jid") == null ? "" : payload.attr("jid"));
    if (request.isGet() || service.isEmpty() || !(payload.name().equals("enable") || payload.name().equals("disable"))) {
      return error(ctx, iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "enable or disable with a service 'jid'"));
    }
    String jid = service.get().toString();
    String node = payload.attr("node");
    if (payload.name().equals("disable")) {
      return Outcome.persist(new PushEvent.PushDisabled(jid, node)).then(() -> ctx.deliverLocal(Stanzas.iqResult(iq)));
    }
    XmlElement publishOptions = null;
    boolean bodyWanted = false;
    for (DataForm form : DataForm.allIn(payload)) {
      if (Namespaces.PUBSUB_PUBLISH_OPTIONS.equals(form.formType())) {
        publishOptions = form.toElement();
      } else if (Namespaces.PUSH_SUMMARY.equals(form.formType())) {
        String v = form.value("last-message-body");
        bodyWanted = "true".equals(v) || "1".equals(v);
      } else {
        return error(ctx, iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "unexpected form " + form.formType()));
      }
    }
    PushRegistrations after = state.push().with(
        new PushRegistration(jid, node, publishOptions, request.resource(), bodyWanted && settings.allowBody()));
    if (after.all().size() > settings.maxRegistrations()) {
      return error(ctx, iq, StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT, "too many push registrations"));
    }
    PushRegistration r = after.all().get(after.all().size() - 1);
    return Outcome.persist(new PushEvent.PushEnabled(r)).then(() -> ctx.deliverLocal(Stanzas.iqResult(iq)));
  }

  private static Outcome error(SessionContext ctx, XmlElement iq, StanzaError error) {
    Stanzas.errorReply(iq, error).ifPresent(ctx::deliverLocal);
    return Outcome.none();
  }
}
