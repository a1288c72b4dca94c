package io.switchboard.node.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.xml.XmlElement;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private static final long SECOND = 1_000_000_000L;

  private static XmlElement message(String id) {
    return XmlElement.builder("message", "jabber:client").attr("id", id).build();
  }

  private static XmlElement presence() {
    return XmlElement.builder("presence", "jabber:client").build();
  }

  @Test
  void add_numbersInOrder_acceptInAnyOrderForgets() {
    Outbox box = new Outbox();
    long a = box.add(message("a"), 0).seq();
    long b = box.add(message("b"), 0).seq();
    long c = box.add(message("c"), 0).seq();

    box.accept(b);

    assertThat(new long[] {a, b, c}).containsExactly(1, 2, 3);
    assertThat(box.entries()).extracting(Outbox.Entry::seq).containsExactly(1L, 3L);
  }

  @Test
  void dueForProbe_onlyTheOldest_onlyWhenOverdue_andAckOfItEndsTheProbe() {
    Outbox box = new Outbox();
    box.add(message("a"), 0);
    box.add(message("b"), SECOND);

    assertThat(box.dueForProbe(SECOND, 2 * SECOND)).isEmpty();
    assertThat(box.probing()).isFalse();
    assertThat(box.dueForProbe(2 * SECOND, 2 * SECOND)).get().extracting(Outbox.Entry::seq).isEqualTo(1L);
    assertThat(box.probing()).isTrue();

    box.accept(2);
    assertThat(box.probing()).as("an ack of a later one does not end the probe").isTrue();
    box.accept(1);
    assertThat(box.probing()).isFalse();
    assertThat(box.isEmpty()).isTrue();
  }

  @Test
  void probe_resentEntryIsNotDueAgainUntilAnotherPeriod() {
    Outbox box = new Outbox();
    Outbox.Entry e = box.add(message("a"), 0);
    box.dueForProbe(3 * SECOND, 2 * SECOND).orElseThrow().sentAt(3 * SECOND);

    assertThat(box.dueForProbe(4 * SECOND, 2 * SECOND)).isEmpty();
    assertThat(box.dueForProbe(5 * SECOND, 2 * SECOND)).contains(e);
  }

  @Test
  void retainMessages_dropsEverythingElse() {
    Outbox box = new Outbox();
    box.add(presence(), 0);
    box.add(message("m"), 0);

    box.retainMessages();

    assertThat(box.entries()).extracting(en -> en.stanza().name()).containsExactly("message");
    assertThat(box.size()).isEqualTo(1);
  }

  @Test
  void sentBefore_comparesSendTimes_heldBackEntriesCountAsNeverSent() {
    Outbox box = new Outbox();
    Outbox.Entry sent = box.add(message("a"), 5 * SECOND);
    Outbox.Entry held = box.add(message("b"), Long.MIN_VALUE / 2);

    assertThat(sent.sentBefore(6 * SECOND)).isTrue();
    assertThat(sent.sentBefore(4 * SECOND)).isFalse();
    assertThat(held.sentBefore(0)).isTrue();
  }
}
