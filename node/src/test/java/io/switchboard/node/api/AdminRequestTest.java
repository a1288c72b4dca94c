package io.switchboard.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.jid.Jids;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;

class AdminRequestTest {
  private static final DomainBareJid DOMAIN = Jids.domain("example.com");

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
    assertThatThrownBy(call).isInstanceOfSatisfying(JsonBody.Invalid.class,
        e -> assertThat(e.field).isEqualTo(field));
  }

  @Test
  void account_bareJidOfTheDomain_normalised() throws Exception {
    assertThat(AdminRequest.account("Alice@Example.com", DOMAIN, "jid").toString()).isEqualTo("alice@example.com");
  }

  @Test
  void account_otherDomainFullOrDomainOrGarbage_400NamingTheField() {
    assertField(() -> AdminRequest.account("alice@other.org", DOMAIN, "jid"), "jid");
    assertField(() -> AdminRequest.account("alice@example.com/phone", DOMAIN, "jid"), "jid");
    assertField(() -> AdminRequest.account("example.com", DOMAIN, "jid"), "jid");
    assertField(() -> AdminRequest.account("a@@b", DOMAIN, "jid"), "jid");
    assertField(() -> AdminRequest.account("", DOMAIN, "jid"), "jid");
  }

  @Test
  void session_bareOrFull_ofTheDomainOnly() throws Exception {
    assertThat((Object) AdminRequest.session("bob@example.com", DOMAIN)).isInstanceOf(EntityBareJid.class);
    assertThat((Object) AdminRequest.session("bob@example.com/desk/top", DOMAIN)).isInstanceOfSatisfying(EntityFullJid.class,
        f -> assertThat(f.getResourcepart().toString()).isEqualTo("desk/top"));
    assertField(() -> AdminRequest.session("bob@other.org/desk", DOMAIN), "jid");
    assertField(() -> AdminRequest.session("example.com", DOMAIN), "jid");
  }

  @Test
  void newAccount_valid_passwordHiddenFromToString() throws Exception {
    AdminRequest.NewAccount a = AdminRequest.newAccount(json("{\"jid\":\"carol@example.com\",\"password\":\"s3cret\"}"),
        DOMAIN);
    assertThat(a.jid().toString()).isEqualTo("carol@example.com");
    assertThat(a.password()).isEqualTo("s3cret");
    assertThat(a.toString()).doesNotContain("s3cret");
  }

  @Test
  void newAccount_missingWrongOrUnknownFields_nameTheField() {
    assertField(() -> AdminRequest.newAccount(json("{\"password\":\"x\"}"), DOMAIN), "jid");
    assertField(() -> AdminRequest.newAccount(json("{\"jid\":\"c@example.com\"}"), DOMAIN), "password");
    assertField(() -> AdminRequest.newAccount(json("{\"jid\":\"c@example.com\",\"password\":\"\"}"), DOMAIN),
        "password");
    assertField(() -> AdminRequest.newAccount(json("{\"jid\":\"c@example.com\",\"password\":7}"), DOMAIN), "password");
    assertField(() -> AdminRequest.newAccount(json("{\"jid\":\"c@other.org\",\"password\":\"x\"}"), DOMAIN), "jid");
    assertField(() -> AdminRequest.newAccount(json("{\"jid\":\"c@example.com\",\"password\":\"x\",\"admin\":true}"),
        DOMAIN), "admin");
    assertField(() -> AdminRequest.newAccount(json("{\"jid\":\"c@example.com\",\"password\":\""
        + "x".repeat(AdminRequest.MAX_PASSWORD + 1) + "\"}"), DOMAIN), "password");
  }

  @Test
  void body_notJsonOrNotAnObject_400WithoutField() {
    assertField(() -> AdminRequest.password(json("{")), null);
    assertField(() -> AdminRequest.password(json("[\"x\"]")), null);
    assertField(() -> AdminRequest.password(json("{\"password\":\"x\"} {}")), null);
  }

  @Test
  void disabled_booleanOnly() throws Exception {
    assertThat(AdminRequest.disabled(json("{\"disabled\":true}"))).isTrue();
    assertThat(AdminRequest.disabled(json("{\"disabled\":false}"))).isFalse();
    assertField(() -> AdminRequest.disabled(json("{\"disabled\":\"yes\"}")), "disabled");
    assertField(() -> AdminRequest.disabled(json("{}")), "disabled");
  }

  @Test
  void announcement_bodyRequired_subjectOptional() throws Exception {
    assertThat(AdminRequest.announcement(json("{\"body\":\"maintenance at 22:00\"}")))
        .isEqualTo(new AdminRequest.Announcement(null, "maintenance at 22:00"));
    assertThat(AdminRequest.announcement(json("{\"subject\":\"ops\",\"body\":\"b\"}")).subject()).isEqualTo("ops");
    assertField(() -> AdminRequest.announcement(json("{\"subject\":\"ops\"}")), "body");
    assertField(() -> AdminRequest.announcement(json("{\"body\":\"  \"}")), "body");
    assertField(() -> AdminRequest.announcement(json("{\"body\":\"b\",\"to\":\"x\"}")), "to");
    assertField(() -> AdminRequest.announcement(json("{\"body\":\"b\",\"subject\":\""
        + "s".repeat(AdminRequest.MAX_TEXT + 1) + "\"}")), "subject");
  }

  @Test
  void motd_textKeptWithItsLines_blankMissingUnknownOrTooLong_400NamingTheField() throws Exception {
    assertThat(AdminRequest.text(json("{\"text\":\"Maintenance at 22:00\\n-- ops\"}")))
        .isEqualTo("Maintenance at 22:00\n-- ops");
    assertField(() -> AdminRequest.text(json("{\"text\":\"  \"}")), "text");
    assertField(() -> AdminRequest.text(json("{}")), "text");
    assertField(() -> AdminRequest.text(json("{\"text\":\"x\",\"motd\":\"y\"}")), "motd");
    assertField(() -> AdminRequest.text(json("{\"text\":\"" + "x".repeat(16_385) + "\"}")), "text");
    assertThat(AdminRequest.text(json("{\"text\":\"" + "x".repeat(16_384) + "\"}"))).hasSize(16_384);
  }
}
