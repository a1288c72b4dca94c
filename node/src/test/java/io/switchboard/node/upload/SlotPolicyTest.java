package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.jid.Jids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlotPolicyTest {
  private final UploadSettings settings = TestUploadSettings.of(Map.of(
      "max-file-size", "1 MiB", "quota", "10 MiB", "allowed-types", List.of("image/*", "application/pdf")));
  private final SlotPolicy policy = new SlotPolicy(settings, Jids.domain("localhost"));

  private static SlotRequest.Valid request(long size, String type) {
    return new SlotRequest.Valid("f", size, type);
  }

  @Test
  void check_localUserWithinLimits_isNotRefused() {
    assertThat(policy.check(request(1024, "image/png"), Jids.parse("alice@localhost/phone").orElseThrow())).isEmpty();
    assertThat(policy.check(request(1024 * 1024, null), Jids.parse("alice@localhost/phone").orElseThrow())).isEmpty();
  }

  @Test
  void check_remoteUserOrDomain_isNotAllowed() {
    for (String from : List.of("mallory@elsewhere.example/x", "localhost", "pubsub.localhost")) {
      StanzaError e = policy.check(request(1, null), Jids.parse(from).orElseThrow()).orElseThrow();
      assertThat(e.condition()).as(from).isEqualTo(StanzaErrorCondition.NOT_ALLOWED);
      assertThat(e.type()).isEqualTo(StanzaErrorType.CANCEL);
    }
  }

  @Test
  void check_tooLarge_isNotAcceptableWithTheMaximum() {
    StanzaError e = policy.check(request(1024 * 1024 + 1, null), Jids.parse("alice@localhost").orElseThrow()).orElseThrow();

    assertThat(e.condition()).isEqualTo(StanzaErrorCondition.NOT_ACCEPTABLE);
    assertThat(e.type()).isEqualTo(StanzaErrorType.MODIFY);
    assertThat(e.applicationCondition().is("file-too-large", Namespaces.HTTP_UPLOAD)).isTrue();
    assertThat(e.applicationCondition().childText("max-file-size", Namespaces.HTTP_UPLOAD)).contains("1048576");
  }

  @Test
  void check_typeNotAllowed_isNotAcceptable() {
    StanzaError e = policy.check(request(10, "application/x-msdownload"), Jids.parse("alice@localhost").orElseThrow())
        .orElseThrow();

    assertThat(e.condition()).isEqualTo(StanzaErrorCondition.NOT_ACCEPTABLE);
    assertThat(e.applicationCondition()).isNull();
    assertThat(policy.check(request(10, "IMAGE/JPEG"), Jids.parse("alice@localhost").orElseThrow())).isEmpty();
    assertThat(policy.check(request(10, "application/pdf; x=y"), Jids.parse("alice@localhost").orElseThrow())).isEmpty();
  }

  @Test
  void overQuota_isAWaitWithTheRetryStamp() {
    StanzaError e = policy.overQuota(1024, 10 * 1024 * 1024 - 10, Instant.parse("2026-12-02T06:00:00.750Z"));

    assertThat(e.condition()).isEqualTo(StanzaErrorCondition.RESOURCE_CONSTRAINT);
    assertThat(e.type()).isEqualTo(StanzaErrorType.WAIT);
    assertThat(e.applicationCondition().is("retry", Namespaces.HTTP_UPLOAD)).isTrue();
    assertThat(e.applicationCondition().attr("stamp")).isEqualTo("2026-12-02T06:00:00Z");
  }
}
