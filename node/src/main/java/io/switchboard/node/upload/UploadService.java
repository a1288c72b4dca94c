package io.switchboard.node.upload;

import io.switchboard.persistence.upload.UploadQuota;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.disco.Identity;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.router.ServerHandler;
import io.switchboard.sharding.session.StanzaRouting;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code upload.<domain>} answers (XEP-0363): disco#info with the store/file identity, the
 * feature and {@code max-file-size} (XEP-0128 form, §3); empty disco#items; slot requests (§4)
 * granted or refused by the {@link SlotPolicy}, the quota read from Cassandra first when there is
 * one. Anything else gets service-unavailable. Never blocks: the quota read completes later and
 * the answer is routed then.
 */
final class UploadService implements ServerHandler {
  private static final Logger log = LoggerFactory.getLogger(UploadService.class);
  static final String NAME = "HTTP File Upload";

  private final DomainBareJid jid;
  private final UploadSettings settings;
  private final SlotPolicy policy;
  private final UploadQuota quota;
  private final UploadSigner signer;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  UploadService(UploadSettings settings, DomainBareJid serverDomain, UploadQuota quota, UploadSigner signer,
      Clock clock) {
    this.jid = settings.jid();
    this.settings = settings;
    this.policy = new SlotPolicy(settings, serverDomain);
    this.quota = quota;
    this.signer = signer;
    this.clock = clock;
  }

  @Override
  public void handle(XmlElement stanza, StanzaRouting replies) {
    String type = stanza.attr("type");
    if (!stanza.name().equals("iq") || !("get".equals(type) || "set".equals(type)) || stanza.attr("from") == null) {
      return;
    }
    answer(stanza).whenComplete((reply, failure) -> {
      if (failure != null) {
        log.warn("upload slot for {} failed: {}", stanza.attr("from"), failure.toString());
        reply = Stanzas.errorReply(stanza, StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR), true)
            .orElse(null);
      }
      if (reply != null) {
        replies.route(reply);
      }
    });
  }

  CompletionStage<XmlElement> answer(XmlElement iq) {
    Optional<Jid> to = Stanzas.to(iq);
    Optional<XmlElement> payload = iq.firstElement();
    if (to.isEmpty() || !to.get().equals(jid)) {
      return done(error(iq, StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE)));
    }
    if (payload.isEmpty()) {
      return done(error(iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST)));
    }
    XmlElement p = payload.get();
    boolean get = "get".equals(iq.attr("type"));
    if (get && p.is("query", Namespaces.DISCO_INFO)) {
      return done(p.attr("node") != null ? error(iq, StanzaError.of(StanzaErrorCondition.ITEM_NOT_FOUND))
          : Stanzas.iqResult(iq, discoInfo()));
    }
    if (get && p.is("query", Namespaces.DISCO_ITEMS)) {
      return done(p.attr("node") != null ? error(iq, StanzaError.of(StanzaErrorCondition.ITEM_NOT_FOUND))
          : Stanzas.iqResult(iq, XmlElement.of("query", Namespaces.DISCO_ITEMS)));
    }
    if (p.is("request", Namespaces.HTTP_UPLOAD)) {
      return get ? slot(iq, p) : done(error(iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST,
          "a slot is requested with an IQ get")));
    }
    return done(error(iq, StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE)));
  }

  private CompletionStage<XmlElement> slot(XmlElement iq, XmlElement payload) {
    SlotRequest parsed = SlotRequest.parse(payload);
    if (parsed instanceof SlotRequest.Invalid invalid) {
      return done(error(iq, StanzaError.of(StanzaErrorCondition.BAD_REQUEST, invalid.reason())));
    }
    SlotRequest.Valid request = (SlotRequest.Valid) parsed;
    Jid requester = Stanzas.from(iq).orElse(null);
    Optional<StanzaError> refused = policy.check(request, requester);
    if (refused.isPresent()) {
      return done(error(iq, refused.get()));
    }
    String owner = requester.asBareJid().toString();
    Instant now = clock.instant();
    if (!policy.hasQuota()) {
      return done(granted(iq, request, owner, now));
    }
    // A first check of the quota, so the client learns at once (with a retry time); the PUT
    // reserves the bytes for real (UploadRoutes), since a slot may never be used.
    return quota.check(owner, request.size(), settings.quota(), now)
        .thenApply(r -> r.granted() ? granted(iq, request, owner, now)
            : error(iq, policy.overQuota(request.size(), r.used(), r.freesAt())));
  }

  private XmlElement granted(XmlElement iq, SlotRequest.Valid request, String owner, Instant now) {
    Slot slot = Slot.issue(request, owner, now, settings, signer, random);
    log.debug("upload slot {} for {} ({} bytes, {})", slot.id(), owner, request.size(), request.contentType());
    return Stanzas.iqResult(iq, slot.toElement());
  }

  private XmlElement discoInfo() {
    return XmlElement.builder("query", Namespaces.DISCO_INFO)
        .child(new Identity("store", "file", NAME).toElement())
        .child(XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", Namespaces.DISCO_INFO))
        .child(XmlElement.builder("feature", Namespaces.DISCO_INFO).attr("var", Namespaces.HTTP_UPLOAD))
        .child(XmlElement.builder("x", Namespaces.DATA_FORMS).attr("type", "result")
            .child(XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", "FORM_TYPE").attr("type", "hidden")
                .textChild("value", Namespaces.HTTP_UPLOAD))
            .child(XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", "max-file-size")
                .textChild("value", Long.toString(settings.maxFileSize()))))
        .build();
  }

  private static XmlElement error(XmlElement iq, StanzaError error) {
    return Stanzas.errorReply(iq, error, true).orElseThrow();
  }

  private static CompletionStage<XmlElement> done(XmlElement answer) {
    return CompletableFuture.completedFuture(answer);
  }
}
