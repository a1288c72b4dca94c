package io.switchboard.sharding.extdisco;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.module.Module;
import io.switchboard.sharding.module.ServerIqHandler;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jxmpp.jid.Jid;

/**
 * XEP-0215 external service discovery on the server's domain: the STUN/TURN servers of the
 * configuration, for calls (Conversations, Dino, Movim ask before a Jingle call). {@code services}
 * lists them (optionally of one type), with credentials: fixed ones, or time-limited ones made
 * from a shared secret the way coturn checks them ({@code use-auth-secret}: the user name is the
 * expiry in Unix seconds and the account, the password the Base64 HMAC-SHA1 of the user name), so
 * the TURN server needs no account database. {@code credentials} answers one service's. Only the
 * server's own users are answered (forbidden otherwise): the credentials open a relay.
 */
public final class ExternalServices implements Module, ServerIqHandler {
  private final List<ExternalService> services;
  private final String domain;
  private final Clock clock;

  public ExternalServices(ExternalServicesSettings settings, String domain, Clock clock) {
    this.services = settings.services();
    this.domain = domain;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "XEP-0215 external service discovery";
  }

  /** Registered only when services are configured, so the feature is announced only then. */
  @Override
  public List<ServerIqHandler> serverIq() {
    return services.isEmpty() ? List.of() : List.of(this);
  }

  @Override
  public Set<String> namespaces() {
    return Set.of(Namespaces.EXTDISCO);
  }

  @Override
  public List<String> features() {
    return List.of(Namespaces.EXTDISCO);
  }

  @Override
  public XmlElement answer(XmlElement iq, XmlElement payload) {
    if (!"get".equals(iq.attr("type"))) {
      return error(iq, StanzaErrorCondition.BAD_REQUEST);
    }
    Jid from = Jids.parse(iq.attr("from")).orElse(null);
    if (from == null || !from.hasLocalpart() || !from.getDomain().toString().equals(domain)) {
      return error(iq, StanzaErrorCondition.FORBIDDEN);
    }
    String user = from.asBareJid().toString();
    if (payload.name().equals("services")) {
      String type = payload.attr("type");
      XmlElement.Builder out = XmlElement.builder("services", Namespaces.EXTDISCO).attr("type", type);
      for (ExternalService s : services) {
        if (type == null || type.equals(s.type())) {
          out.child(element(s, user));
        }
      }
      return Stanzas.iqResult(iq, out.build());
    }
    if (payload.name().equals("credentials")) {
      XmlElement wanted = payload.child("service", Namespaces.EXTDISCO).orElse(null);
      if (wanted == null || wanted.attr("host") == null || wanted.attr("type") == null) {
        return error(iq, StanzaErrorCondition.BAD_REQUEST);
      }
      for (ExternalService s : services) {
        if (s.host().equals(wanted.attr("host")) && s.type().equals(wanted.attr("type")) && s.hasCredentials()
            && (wanted.attr("port") == null || wanted.attr("port").equals(Integer.toString(s.port())))) {
          return Stanzas.iqResult(iq, XmlElement.builder("credentials", Namespaces.EXTDISCO)
              .child(element(s, user)).build());
        }
      }
      return error(iq, StanzaErrorCondition.ITEM_NOT_FOUND);
    }
    return error(iq, StanzaErrorCondition.BAD_REQUEST);
  }

  /** The {@code <service/>} of {@code s} for {@code user}, with its credentials if it has any. */
  XmlElement element(ExternalService s, String user) {
    XmlElement.Builder b = XmlElement.builder("service", Namespaces.EXTDISCO)
        .attr("type", s.type()).attr("host", s.host())
        .attr("port", s.port() == 0 ? null : Integer.toString(s.port()))
        .attr("transport", s.transport().isEmpty() ? null : s.transport())
        .attr("name", s.name().isEmpty() ? null : s.name());
    if (!s.username().isEmpty()) {
      b.attr("username", s.username()).attr("password", s.password());
    } else if (!s.secret().isEmpty()) {
      Instant expires = clock.instant().plus(s.credentialTtl()).truncatedTo(ChronoUnit.SECONDS);
      String username = expires.getEpochSecond() + ":" + user;
      b.attr("username", username).attr("password", hmacSha1(s.secret(), username))
          .attr("expires", expires.toString()).attr("restricted", "1");
    }
    return b.build();
  }

  private static String hmacSha1(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  private static XmlElement error(XmlElement iq, StanzaErrorCondition condition) {
    return Stanzas.errorReply(iq, condition).orElseThrow();
  }
}
