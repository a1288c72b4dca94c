package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.protocol.jid.Jids;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadSettingsTest {

  @Test
  void defaults() {
    UploadSettings s = TestUploadSettings.of(Map.of());

    assertThat(s.enabled()).isTrue();
    assertThat(s.jid().toString()).isEqualTo("upload.localhost");
    assertThat(s.publicUrl()).isEqualTo("http://127.0.0.1:5280");
    assertThat(s.maxFileSize()).isEqualTo(100L * 1024 * 1024);
    assertThat(s.quota()).isEqualTo(1024L * 1024 * 1024);
    assertThat(s.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(s.slotValidity()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.chunkSize()).isEqualTo(256 * 1024);
    assertThat(s.storage()).isEqualTo(UploadSettings.Storage.CASSANDRA);
    assertThat(s.secret()).isEmpty();
    assertThat(s.allowsType("anything/at-all")).isTrue();
  }

  @Test
  void publicUrl_trailingSlashDropped_andBindAddressUsed() {
    assertThat(TestUploadSettings.of(Map.of("public-url", "https://files.example.com/xmpp/")).publicUrl())
        .isEqualTo("https://files.example.com/xmpp");
    assertThat(UploadSettings.fromConfig(TestUploadSettings.config(Map.of()), Jids.domain("localhost"), "10.1.2.3", 80)
        .publicUrl()).isEqualTo("http://10.1.2.3:80");
  }

  @Test
  void allowedTypes_fromACommaSeparatedString() {
    UploadSettings s = TestUploadSettings.of(Map.of("allowed-types", "image/*, video/mp4"));

    assertThat(s.allowedTypes()).containsExactly("image/*", "video/mp4");
    assertThat(s.allowsType("image/webp")).isTrue();
    assertThat(s.allowsType("video/webm")).isFalse();
  }

  @Test
  void invalidValues_nameTheirKey() {
    assertInvalid(Map.of("public-url", "ftp://x"), "switchboard.upload.public-url");
    assertInvalid(Map.of("public-url", "https://x/?a=b"), "switchboard.upload.public-url");
    assertInvalid(Map.of("max-file-size", "0"), "switchboard.upload.max-file-size");
    assertInvalid(Map.of("max-file-size", "lots"), "switchboard.upload.max-file-size");
    assertInvalid(Map.of("quota", "1 MiB"), "switchboard.upload.quota");
    assertInvalid(Map.of("secret", "too short"), "switchboard.upload.secret");
    assertInvalid(Map.of("storage", "floppy"), "switchboard.upload.storage");
    assertInvalid(Map.of("storage", "s3"), "switchboard.upload.s3.bucket");
    assertInvalid(Map.of("storage", "s3", "s3.bucket", "b", "s3.access-key", "k"), "switchboard.upload.s3.access-key");
    assertInvalid(Map.of("retention", "0s"), "switchboard.upload.retention");
    assertInvalid(Map.of("chunk-size", "1 KiB"), "switchboard.upload.chunk-size");
    assertInvalid(Map.of("max-concurrent-uploads", 0), "switchboard.upload.max-concurrent-uploads");
    assertInvalid(Map.of("allowed-types", "images"), "switchboard.upload.allowed-types");
    assertInvalid(Map.of("domain", "not a domain@x/y"), "switchboard.upload.domain");
  }

  @Test
  void s3Settings_toStringHidesTheKeys() {
    UploadSettings s = TestUploadSettings.of(Map.of("storage", "s3", "s3.bucket", "files",
        "s3.access-key", "AKIDEXAMPLE", "s3.secret-key", "wJalrXUtnFEMI", "s3.endpoint", "http://127.0.0.1:4569"));

    assertThat(s.s3().bucket()).isEqualTo("files");
    assertThat(s.s3().toString()).doesNotContain("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
  }

  private static void assertInvalid(Map<String, Object> overrides, String key) {
    assertThatThrownBy(() -> TestUploadSettings.of(overrides))
        .as(overrides.toString())
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(key + ":");
  }
}
