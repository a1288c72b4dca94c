package io.switchboard.node.proxy65;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Proxy65IqTest {
  private static final String CLIENT = "jabber:client";
  private static final String PROXY = "proxy.example.com";
  private static final String REQUESTER = "requester@example.com/foo";
  private static final String TARGET = "target@example.com/bar";
  /** printf 'mySIDrequester@example.com/footarget@example.com/bar' | sha1sum */
  private static final String DIGEST = "116c005a82f818734a02ace0908c3d03c5f40cc0";

  private final List<String> activated = new ArrayList<>();
  private Activator.Outcome outcome = Activator.Outcome.ACTIVATED;
  private final List<XmlElement> replies = new ArrayList<>();
  private final Proxy65Iq iq = new Proxy65Iq(Jids.domain(PROXY), "SOCKS5 Bytestreams Service", "127.0.0.1", () -> 7777,
      digest -> {
        activated.add(digest);
        return outcome;
      });

  private static XmlElement request(String type, String to, XmlElement payload) {
    XmlElement.Builder b = XmlElement.builder("iq", CLIENT).attr("type", type).attr("id", "q1")
        .attr("from", REQUESTER).attr("to", to);
    if (payload != null) {
      b.child(payload);
    }
    return b.build();
  }

  private static XmlElement activation(String sid, String target) {
    XmlElement.Builder q = XmlElement.builder("query", Proxy65Iq.BYTESTREAMS).attr("sid", sid);
    if (target != null) {
      q.child(XmlElement.builder("activate", Proxy65Iq.BYTESTREAMS).text(target));
    }
    return request("set", PROXY, q.build());
  }

  private XmlElement answer(XmlElement request) {
    iq.handle(request, replies::add);
    assertThat(replies).hasSize(1);
    XmlElement reply = replies.remove(0);
    assertThat(reply.attr("id")).isEqualTo("q1");
    assertThat(reply.attr("from")).isEqualTo(PROXY);
    assertThat(reply.attr("to")).isEqualTo(REQUESTER);
    return reply;
  }

  private static String condition(XmlElement reply) {
    assertThat(reply.attr("type")).isEqualTo("error");
    return reply.child("error", CLIENT).orElseThrow().elements().get(0).name();
  }

  @Test
  void discoInfo_proxyIdentityAndBytestreamsFeature() {
    XmlElement reply = answer(request("get", PROXY, XmlElement.of("query", Namespaces.DISCO_INFO)));

    assertThat(reply.attr("type")).isEqualTo("result");
    XmlElement query = reply.child("query", Namespaces.DISCO_INFO).orElseThrow();
    XmlElement identity = query.child("identity", Namespaces.DISCO_INFO).orElseThrow();
    assertThat(identity.attr("category")).isEqualTo("proxy");
    assertThat(identity.attr("type")).isEqualTo("bytestreams");
    assertThat(query.elements("feature", Namespaces.DISCO_INFO)).extracting(f -> f.attr("var"))
        .contains("http://jabber.org/protocol/bytestreams", Namespaces.DISCO_INFO);
  }

  @Test
  void discoInfo_withNode_itemNotFound() {
    XmlElement reply = answer(request("get", PROXY,
        XmlElement.builder("query", Namespaces.DISCO_INFO).attr("node", "x").build()));

    assertThat(condition(reply)).isEqualTo("item-not-found");
  }

  @Test
  void discoItems_empty() {
    XmlElement reply = answer(request("get", PROXY, XmlElement.of("query", Namespaces.DISCO_ITEMS)));

    assertThat(reply.attr("type")).isEqualTo("result");
    assertThat(reply.child("query", Namespaces.DISCO_ITEMS).orElseThrow().elements()).isEmpty();
  }

  @Test
  void bytestreamsGet_announcesStreamHost() {
    XmlElement reply = answer(request("get", PROXY, XmlElement.of("query", Proxy65Iq.BYTESTREAMS)));

    assertThat(reply.attr("type")).isEqualTo("result");
    XmlElement host = reply.child("query", Proxy65Iq.BYTESTREAMS).orElseThrow()
        .child("streamhost", Proxy65Iq.BYTESTREAMS).orElseThrow();
    assertThat(host.attr("jid")).isEqualTo(PROXY);
    assertThat(host.attr("host")).isEqualTo("127.0.0.1");
    assertThat(host.attr("port")).isEqualTo("7777");
  }

  @Test
  void activate_pairConnected_resultForDigestOfSidRequesterTarget() {
    XmlElement reply = answer(activation("mySID", TARGET));

    assertThat(reply.attr("type")).isEqualTo("result");
    assertThat(reply.elements()).isEmpty();
    assertThat(activated).containsExactly(DIGEST);
  }

  @Test
  void activate_targetWithWhitespaceAndCase_hashesPreparedJid() {
    answer(activation("mySID", "  Target@EXAMPLE.com/bar\n"));

    assertThat(activated).containsExactly(DIGEST);
  }

  @Test
  void activate_noStreamWithDigest_itemNotFound() {
    outcome = Activator.Outcome.UNKNOWN;

    assertThat(condition(answer(activation("mySID", TARGET)))).isEqualTo("item-not-found");
  }

  @Test
  void activate_onlyOnePartyConnected_notAllowed() {
    outcome = Activator.Outcome.ONE_PARTY;

    assertThat(condition(answer(activation("mySID", TARGET)))).isEqualTo("not-allowed");
  }

  @Test
  void activate_proxyShuttingDown_internalServerError() {
    outcome = Activator.Outcome.FAILED;

    assertThat(condition(answer(activation("mySID", TARGET)))).isEqualTo("internal-server-error");
  }

  @Test
  void activate_withoutSid_badRequestAndNothingActivated() {
    assertThat(condition(answer(activation(null, TARGET)))).isEqualTo("bad-request");
    assertThat(activated).isEmpty();
  }

  @Test
  void activate_withoutActivateElement_badRequest() {
    assertThat(condition(answer(activation("mySID", null)))).isEqualTo("bad-request");
    assertThat(activated).isEmpty();
  }

  @Test
  void activate_malformedTarget_jidMalformed() {
    assertThat(condition(answer(activation("mySID", "a@b@c")))).isEqualTo("jid-malformed");
    assertThat(activated).isEmpty();
  }

  @Test
  void request_toAddressAtProxy_serviceUnavailable() {
    iq.handle(request("get", "someone@" + PROXY, XmlElement.of("query", Namespaces.DISCO_INFO)), replies::add);

    assertThat(replies).hasSize(1);
    assertThat(replies.get(0).attr("from")).isEqualTo("someone@" + PROXY);
    assertThat(condition(replies.get(0))).isEqualTo("service-unavailable");
  }

  @Test
  void request_unknownPayload_serviceUnavailable() {
    XmlElement reply = answer(request("get", PROXY, XmlElement.of("ping", "urn:xmpp:ping")));

    assertThat(condition(reply)).isEqualTo("service-unavailable");
  }

  @Test
  void handle_resultsMessagesAndPresence_dropped() {
    iq.handle(request("result", PROXY, null), replies::add);
    iq.handle(request("error", PROXY, null), replies::add);
    iq.handle(XmlElement.builder("message", CLIENT).attr("to", PROXY).attr("from", REQUESTER).build(), replies::add);
    iq.handle(XmlElement.builder("presence", CLIENT).attr("to", PROXY).attr("from", REQUESTER).build(), replies::add);

    assertThat(replies).isEmpty();
  }
}
