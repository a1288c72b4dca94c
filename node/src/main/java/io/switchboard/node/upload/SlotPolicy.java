package io.switchboard.node.upload;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;

/**
 * Whether a slot request is granted (XEP-0363 §5), as pure decisions: who may upload (the
 * server's own users), the size and type limits, then the quota once the requester's usage is
 * known. Each refusal is the XEP's error.
 */
final class SlotPolicy {
  private final UploadSettings settings;
  private final DomainBareJid serverDomain;

  SlotPolicy(UploadSettings settings, DomainBareJid serverDomain) {
    this.settings = settings;
    this.serverDomain = serverDomain;
  }

  /** The refusal of {@code request} from {@code requester} before the quota; empty: the quota decides. */
  Optional<StanzaError> check(SlotRequest.Valid request, Jid requester) {
    if (requester == null || !requester.hasLocalpart() || !requester.getDomain().equals(serverDomain)) {
      return Optional.of(StanzaError.of(StanzaErrorCondition.NOT_ALLOWED,
          "Only accounts of " + serverDomain + " may upload files here").withType(StanzaErrorType.CANCEL));
    }
    if (request.size() > settings.maxFileSize()) {
      return Optional.of(StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE,
              "File too large. The maximum file size is " + settings.maxFileSize() + " bytes")
          .withType(StanzaErrorType.MODIFY)
          .withApplicationCondition(XmlElement.builder("file-too-large", Namespaces.HTTP_UPLOAD)
              .textChild("max-file-size", Long.toString(settings.maxFileSize())).build()));
    }
    if (!settings.allowsType(request.contentType())) {
      return Optional.of(StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE,
          "Files of type " + request.contentType() + " are not accepted here").withType(StanzaErrorType.MODIFY));
    }
    return Optional.empty();
  }

  /** Whether the quota is on (else {@link #quota} need not be asked). */
  boolean hasQuota() {
    return settings.quota() > 0;
  }

  /**
   * The refusal of {@code size} more bytes for a requester who already used {@code used} of the
   * quota in the window, where room frees up at {@code freesAt}.
   */
  StanzaError overQuota(long size, long used, Instant freesAt) {
    if (size > settings.quota()) { // can never fit
      return StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE, "File larger than the quota of "
          + settings.quota() + " bytes").withType(StanzaErrorType.MODIFY);
    }
    return StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT,
            "Quota reached: " + used + " of " + settings.quota() + " bytes used in the last "
                + settings.retention().toDays() + " days")
        .withType(StanzaErrorType.WAIT)
        .withApplicationCondition(XmlElement.builder("retry", Namespaces.HTTP_UPLOAD)
            .attr("stamp", freesAt.truncatedTo(ChronoUnit.SECONDS).toString()).build());
  }
}
