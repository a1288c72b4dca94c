package io.switchboard.persistence.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * pekko-persistence-cassandra writes and replays through the tables our migration V6 created,
 * with keyspace and table auto-creation off.
 */
@ExtendWith(CassandraExtension.class)
class JournalIT {
  private static final String KS = "journal_it";
  private static Persistence persistence;
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig(KS));
    testKit = ActorTestKit.create("JournalIT", persistence.pekkoPersistenceConfig()
        .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
        .withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    if (testKit != null) {
      testKit.shutdownTestKit();
    }
    persistence.close();
  }

  /** A list that remembers what was added; snapshots every third event. */
  static final class Recorder extends EventSourcedBehavior<Recorder.Command, String, Recorder.State> {
    sealed interface Command {}

    record Add(String item, ActorRef<Done> replyTo) implements Command {}

    record Get(ActorRef<State> replyTo) implements Command {}

    enum Done { INSTANCE }

    record State(List<String> items) {}

    Recorder(String id) {
      super(PersistenceId.ofUniqueId(id));
    }

    static Behavior<Command> create(String id) {
      return new Recorder(id);
    }

    @Override
    public State emptyState() {
      return new State(List.of());
    }

    @Override
    public CommandHandler<Command, String, State> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Add.class, (s, c) -> Effect().persist(c.item()).thenReply(c.replyTo(), st -> Done.INSTANCE))
          .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s))
          .build();
    }

    @Override
    public EventHandler<State, String> eventHandler() {
      return newEventHandlerBuilder().forAnyState().onAnyEvent((s, e) -> {
        List<String> next = new ArrayList<>(s.items());
        next.add(e);
        return new State(List.copyOf(next));
      });
    }

    /** Snapshots are stored as one String (Pekko's built-in serializer), not as the record. */
    @Override
    public SnapshotAdapter<State> snapshotAdapter() {
      return new SnapshotAdapter<>() {
        @Override
        public Object toJournal(State state) {
          return String.join("\n", state.items());
        }

        @Override
        public State fromJournal(Object from) {
          String s = (String) from;
          return new State(s.isEmpty() ? List.of() : List.of(s.split("\n")));
        }
      };
    }

    @Override
    public boolean shouldSnapshot(State state, String event, long sequenceNr) {
      return sequenceNr % 3 == 0;
    }
  }

  @Test
  void persist_thenRestart_replaysEveryEventFromOurTables() {
    String id = "recorder-1";
    ActorRef<Recorder.Command> first = testKit.spawn(Recorder.create(id));
    TestProbe<Recorder.Done> done = testKit.createTestProbe();
    for (int i = 1; i <= 7; i++) {
      first.tell(new Recorder.Add("e" + i, done.getRef()));
      done.expectMessage(Duration.ofSeconds(20), Recorder.Done.INSTANCE);
    }
    testKit.stop(first);

    ActorRef<Recorder.Command> again = testKit.spawn(Recorder.create(id));
    TestProbe<Recorder.State> state = testKit.createTestProbe();
    again.tell(new Recorder.Get(state.getRef()));
    assertThat(state.expectMessageClass(Recorder.State.class, Duration.ofSeconds(20)).items())
        .containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7");

    var session = persistence.session();
    assertThat(session.execute("SELECT sequence_nr FROM " + KS + ".messages WHERE persistence_id = ? AND partition_nr = 0",
        id).all()).hasSize(7);
    assertThat(session.execute("SELECT sequence_nr FROM " + KS + ".snapshots WHERE persistence_id = ?", id).all())
        .isNotEmpty();
    assertThat(session.execute("SELECT persistence_id FROM " + KS + ".all_persistence_ids WHERE persistence_id = ?", id)
        .one()).isNotNull();
  }

  @Test
  void plugin_createsNoTablesOfItsOwn() {
    ActorRef<Recorder.Command> r = testKit.spawn(Recorder.create("recorder-2"));
    TestProbe<Recorder.Done> done = testKit.createTestProbe();
    r.tell(new Recorder.Add("x", done.getRef()));
    done.expectMessage(Duration.ofSeconds(20), Recorder.Done.INSTANCE);

    Set<String> tables = persistence.session().execute(
            "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", KS).all().stream()
        .map(row -> row.getString("table_name")).collect(Collectors.toSet());
    assertThat(tables).containsExactlyInAnyOrder("schema_version", "schema_lock", "accounts", "offline_messages",
        "archive_messages", "archive_messages_by_with", "pubsub_items", "pubsub_items_by_time",
        "messages", "metadata", "all_persistence_ids", "snapshots", "api_tokens", "api_tokens_by_hash",
        "muc_rooms", "muc_rooms_by_creator", "muc_public_rooms", // V8, issue #17
        "upload_files", "upload_files_by_owner", "upload_chunks", "upload_usage", "upload_keys", // V9, #18
        "fast_tokens", // V10, #25
        "motd"); // V12, #21
  }
}
