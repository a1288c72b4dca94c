package io.switchboard.sharding.router;

import static io.switchboard.sharding.testing.Xml.iq;
import static io.switchboard.sharding.testing.Xml.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import io.switchboard.sharding.component.ComponentRoutes;
import org.junit.jupiter.api.Test;

/**
 * Dispatch of stanzas addressed to local service domains. None of these paths reaches cluster
 * sharding (no user entity is addressed, and bounces without a sender are dropped), so the router
 * is built without one; {@link RouterClusterTest} covers the entity paths.
 */
class RouterServiceDomainTest {
  private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";

  private final List<XmlElement> toServer = new ArrayList<>();
  private final ServerHandler server = (stanza, replies) -> toServer.add(stanza);

  private Router withProxy() {
    return new Router(null, Services.of(Jids.domain("example.com"), server,
        List.of(new Services.Service(Jids.domain("proxy.example.com"), "Proxy", server))), ComponentRoutes.none());
  }

  @Test
  void route_iqToServiceDomain_goesToServerHandler() {
    XmlElement request = iq("juliet@example.com/balcony", "proxy.example.com", "get", "d1",
        XmlElement.of("query", DISCO_INFO));

    withProxy().route(request);

    assertThat(toServer).containsExactly(request);
  }

  @Test
  void route_fullJidAtServiceDomain_goesToServerHandler() {
    XmlElement request = message("juliet@example.com/balcony", "room@proxy.example.com/nick", "chat", "hi");

    withProxy().route(request);

    assertThat(toServer).containsExactly(request);
  }

  @Test
  void route_domainItselfWithServicesConfigured_stillGoesToServerHandler() {
    XmlElement request = iq("juliet@example.com/balcony", "example.com", "get", "d2",
        XmlElement.of("query", DISCO_INFO));

    withProxy().route(request);

    assertThat(toServer).containsExactly(request);
  }

  @Test
  void route_serviceDomainNotConfigured_isTreatedAsRemote() {
    Router plain = new Router(null, Jids.domain("example.com"), server);
    // No 'from': the remote-server-not-found bounce has nobody to go to and is dropped.
    plain.route(message(null, "proxy.example.com", "chat", "hi"));

    assertThat(toServer).isEmpty();
    assertThat(plain.services().all()).isEmpty();
  }

  @Test
  void route_otherSubdomain_isNotAServiceDomain() {
    withProxy().route(message(null, "conference.example.com", "chat", "hi"));

    assertThat(toServer).isEmpty();
  }

  @Test
  void register_domainListedAsService_isRejected() {
    assertThatThrownBy(() -> Services.of(Jids.domain("example.com"), server,
        List.of(new Services.Service(Jids.domain("example.com"), "Self", server))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("example.com");
  }

  @Test
  void register_afterFreeze_isRejected() {
    Services services = Services.of(Jids.domain("example.com"), server, List.of());
    assertThatThrownBy(() -> services.register(new Services.Service(Jids.domain("late.example.com"), "Late", server)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void route_serviceRegisteredAfterTheRouterWasMade_isFound() {
    Services services = new Services(Jids.domain("example.com"));
    Router router = new Router(null, services, ComponentRoutes.none());
    services.registerServer(server);
    services.register(new Services.Service(Jids.domain("pubsub.example.com"), "Pub-sub", server));
    services.freeze();
    XmlElement request = iq("juliet@example.com/balcony", "pubsub.example.com", "get", "d3",
        XmlElement.of("query", DISCO_INFO));

    router.route(request);

    assertThat(toServer).containsExactly(request);
  }
}
