package io.switchboard.node.register;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.node.testing.InProcessNode;
import io.switchboard.node.testing.RawClient;
import io.switchboard.node.testing.SmackClients;
import io.switchboard.persistence.testkit.CassandraExtension;
import io.switchboard.protocol.jid.Jids;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #23 F2 over a real TLS socket and Cassandra: open registration with the XEP-0158 'qa'
 * CAPTCHA refuses a registration without the form and one with a wrong answer, creates the
 * account for the right answer (which then logs in with Smack), and counts the refused attempts
 * toward the per-address limit.
 */
@ExtendWith(CassandraExtension.class)
class RegistrationCaptchaIT {
  private static final int MAX_PER_ADDRESS = 3;
  private static final Pattern CHALLENGE =
      Pattern.compile("<field(?=[^>]*var=\"challenge\")[^>]*>\\s*<value[^>]*>([^<]+)</value>");
  private static final Pattern QUESTION = Pattern.compile("<field(?=[^>]*var=\"qa\")[^>]*label=\"([^\"]+)\"");
  private static InProcessNode node;

  @BeforeAll
  static void start() throws Exception {
    node = InProcessNode.startWithAccounts("registration_captcha_it", Map.of(
        "switchboard.registration", "open",
        "switchboard.registration-captcha.type", "qa",
        "switchboard.registration-limits.max-per-address", MAX_PER_ADDRESS));
  }

  @AfterAll
  static void stop() {
    InProcessNode.closeIfStarted(node);
  }

  @Test
  void register_withCaptcha_refusesWithoutFormAndWrongAnswerThenRightAnswerCreatesAccount() throws Exception {
    try (RawClient c = RawClient.connect(node)) {
      c.send(String.format(RawClient.HEADER_FORMAT, node.domain()));
      assertThat(c.readUntil("</stream:features>")).contains("http://jabber.org/features/iq-register");

      // 1: the legacy fields alone, no CAPTCHA form.
      c.send("<iq type='set' id='r1'><query xmlns='jabber:iq:register'>"
          + "<username>ruth</username><password>ruth-pw</password></query></iq>");
      assertThat(reply(c, "r1")).contains("type=\"error\"").contains("<not-acceptable");
      assertNoAccount("ruth");

      // 2: the form, answered wrongly.
      c.send("<iq type='get' id='g1'><query xmlns='jabber:iq:register'/></iq>");
      String form = c.readUntil("</iq>");
      assertThat(form).contains("urn:xmpp:captcha").contains("var=\"sid\"").contains("<value>g1</value>");
      c.send(submit("r2", group(CHALLENGE, form), "no idea", "ruth", "ruth-pw"));
      assertThat(reply(c, "r2")).contains("type=\"cancel\"").contains("<not-acceptable");
      assertNoAccount("ruth");

      // 3: a fresh form, answered rightly.
      c.send("<iq type='get' id='g2'><query xmlns='jabber:iq:register'/></iq>");
      form = c.readUntil("</iq>");
      c.send(submit("r3", group(CHALLENGE, form), QaSolver.solve(group(QUESTION, form)), "ruth", "ruth-pw"));
      assertThat(reply(c, "r3")).contains("type=\"result\"");

      // 4: the refused attempts counted: a right answer is now over the per-address limit.
      c.send("<iq type='get' id='g3'><query xmlns='jabber:iq:register'/></iq>");
      form = c.readUntil("</iq>");
      c.send(submit("r4", group(CHALLENGE, form), QaSolver.solve(group(QUESTION, form)), "sid", "sid-pw"));
      assertThat(reply(c, "r4")).contains("<policy-violation");
      assertNoAccount("sid");
    }
    XMPPTCPConnection ruth = new XMPPTCPConnection(SmackClients.config(node, "ruth", "ruth-pw").build());
    try {
      ruth.connect().login();
      assertThat(ruth.isAuthenticated()).isTrue();
    } finally {
      ruth.disconnect();
    }
  }

  private static String submit(String id, String challenge, String answer, String user, String password) {
    return "<iq type='set' id='" + id + "'><query xmlns='jabber:iq:register'>"
        + "<x xmlns='jabber:x:data' type='submit'>"
        + "<field var='FORM_TYPE'><value>urn:xmpp:captcha</value></field>"
        + "<field var='challenge'><value>" + challenge + "</value></field>"
        + "<field var='qa'><value>" + answer + "</value></field>"
        + "<field var='username'><value>" + user + "</value></field>"
        + "<field var='password'><value>" + password + "</value></field>"
        + "</x></query></iq>";
  }

  /** The answer to IQ {@code id}, whether a result without payload ({@code <iq .../>}) or with one. */
  private static String reply(RawClient c, String id) throws Exception {
    String head = c.readUntil("id=\"" + id + "\"");
    head = head.substring(head.lastIndexOf("<iq")) + c.readUntil(">");
    return head.endsWith("/>") ? head : head + c.readUntil("</iq>");
  }

  private static String group(Pattern p, String xml) {
    Matcher m = p.matcher(xml);
    assertThat(m.find()).as("%s in %s", p, xml).isTrue();
    return m.group(1);
  }

  private static void assertNoAccount(String user) {
    assertThat(node.node().persistence().accounts().login(Jids.bare(user + "@" + node.domain()))
        .toCompletableFuture().join()).as("no account %s", user).isEmpty();
  }
}
