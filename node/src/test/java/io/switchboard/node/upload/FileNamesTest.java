package io.switchboard.node.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void sanitize_ordinaryName_isKept() {
    assertThat(FileNames.sanitize("Holiday photo (1).jpeg")).isEqualTo("Holiday photo (1).jpeg");
    assertThat(FileNames.sanitize("Über straße.png")).isEqualTo("Über straße.png");
  }

  @Test
  void sanitize_separatorsAndControls_areRemoved() {
    assertThat(FileNames.sanitize("../../etc/passwd")).isEqualTo(".._.._etc_passwd");
    assertThat(FileNames.sanitize("a\\b")).isEqualTo("a_b");
    assertThat(FileNames.sanitize("a\r\nb\u0000.txt")).isEqualTo("ab.txt");
  }

  @Test
  void sanitize_nothingLeft_isFile() {
    assertThat(FileNames.sanitize("\n\t")).isEqualTo("file");
    assertThat(FileNames.sanitize("..")).isEqualTo("file");
  }

  @Test
  void sanitize_longName_keepsTheExtensionWithinTheLimit() {
    String name = "ä".repeat(300) + ".jpeg";

    String s = FileNames.sanitize(name);

    assertThat(s).endsWith(".jpeg");
    assertThat(s.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileNames.MAX_BYTES);
  }

  @Test
  void encode_percentEncodesAllButUnreserved() {
    assertThat(FileNames.encode("a b+c%/?#é.jpg")).isEqualTo("a%20b%2Bc%25%2F%3F%23%C3%A9.jpg");
    assertThat(FileNames.encode("A-z_0.9~")).isEqualTo("A-z_0.9~");
  }
}
