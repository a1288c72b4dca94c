package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.MessageIds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox's half of the archive acknowledgement rule (see {@code Receipt}). */
class OutboxArchiveTest {
  private static XmlElement message(String id) {
    return XmlElement.builder("message", "jabber:client").attr("id", id).build();
  }

  @Test
  void accept_withArchives_keptUntilEveryArchiveConfirmed() {
    Outbox box = new Outbox();
    long seq = box.add(message("a"), 0, 1_000).seq();

    box.accept(seq, List.of("romeo@example.net", "juliet@example.com"));
    assertThat(box.isEmpty()).isFalse();
    box.archived(seq, "juliet@example.com");
    assertThat(box.isEmpty()).isFalse();
    box.archived(seq, "romeo@example.net");
    assertThat(box.isEmpty()).isTrue();
    assertThat(box.acceptedThrough()).as("XEP-0198 counts it handled only now").isEqualTo(1);
  }

  @Test
  void archived_beforeTheAcceptance_counts() {
    Outbox box = new Outbox();
    long seq = box.add(message("a"), 0, 1_000).seq();
    box.archived(seq, "juliet@example.com");
    assertThat(box.isEmpty()).isFalse();
    box.accept(seq, List.of("juliet@example.com"));
    assertThat(box.isEmpty()).isTrue();
  }

  @Test
  void entry_idChosenOnceStampedWithTheTimeTaken() {
    Outbox box = new Outbox();
    Outbox.Entry e = box.add(message("a"), 0, 1_234_567);
    assertThat(MessageIds.instantOf(e.id()).toEpochMilli()).isEqualTo(1_234_567);
    assertThat(box.entries().get(0).id()).as("the same id for every re-send").isEqualTo(e.id());
    Outbox.Entry f = box.add(message("b"), 0, 1_234_567);
    assertThat(f.id().timestamp()).as("later in the same millisecond sorts later").isGreaterThan(e.id().timestamp());
  }

  @Test
  void unknownOrRepeatedConfirmations_ignored() {
    Outbox box = new Outbox();
    box.archived(42, "juliet@example.com");
    box.accept(42, List.of());
    long seq = box.add(message("a"), 0, 1).seq();
    box.accept(seq, List.of());
    box.archived(seq, "juliet@example.com");
    assertThat(box.isEmpty()).isTrue();
  }
}
