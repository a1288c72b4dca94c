package io.switchboard.persistence.muc;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.persistence.Persistence;
import io.switchboard.persistence.testkit.CassandraExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The room directory on a real Cassandra: entries, the public list paged across buckets, counts. */
@ExtendWith(CassandraExtension.class)
class MucRoomStoreIT {
  private static final Instant T = Instant.parse("2026-12-06T10:00:00.123Z");
  private static Persistence persistence;
  private static MucRoomStore store;

  @BeforeAll
  static void start() {
    persistence = Persistence.start(CassandraExtension.testConfig("muc_rooms_it"));
    store = MucRoomStore.cassandra(persistence.session(), persistence.settings());
  }

  @AfterAll
  static void stop() {
    persistence.close();
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static MucRoomRecord room(String service, String name, boolean isPublic, String creator) {
    return new MucRoomRecord(service, name, "Room " + name, isPublic, true, creator, T);
  }

  @Test
  void put_exists_remove_andHiddenRoomsAreNotPublic() {
    String svc = "conference.a.test";
    await(store.put(room(svc, "lobby", true, "alice@a.test")));
    await(store.put(room(svc, "secret", false, "alice@a.test")));
    assertThat(await(store.exists(svc, "lobby"))).isTrue();
    assertThat(await(store.exists(svc, "secret"))).isTrue();
    assertThat(await(store.exists(svc, "nope"))).isFalse();
    assertThat(await(store.publicRooms(svc, null, null, 10)).rooms()).extracting(MucRoomRecord::room)
        .containsExactly("lobby");
    assertThat(await(store.countCreatedBy("alice@a.test"))).isEqualTo(2);
    assertThat(await(store.all(svc, 100))).extracting(MucRoomRecord::room).containsExactly("lobby", "secret");
    // Made hidden: it leaves the public list.
    await(store.put(room(svc, "lobby", false, "alice@a.test")));
    assertThat(await(store.publicRooms(svc, null, null, 10)).rooms()).isEmpty();
    await(store.remove(svc, "lobby", null)); // the creator is read from the entry
    assertThat(await(store.exists(svc, "lobby"))).isFalse();
    assertThat(await(store.countCreatedBy("alice@a.test"))).isEqualTo(1);
    assertThat(await(store.all(svc, 100)).get(0).createdAt()).isEqualTo(T);
  }

  @Test
  void publicRooms_pagesForwardAndBackwardInNameOrder_acrossBuckets() {
    String svc = "conference.b.test";
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      writes.add(store.put(room(svc, String.format("r%03d", i), true, "bob@b.test")).toCompletableFuture());
    }
    CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])).join();
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    while (true) {
      MucRoomStore.Page p = await(after == null ? store.publicRooms(svc, null, null, 25)
          : store.publicRooms(svc, after, null, 25));
      p.rooms().forEach(r -> seen.add(r.room()));
      pages++;
      if (!p.more()) {
        break;
      }
      after = p.rooms().get(p.rooms().size() - 1).room();
    }
    assertThat(pages).isEqualTo(5);
    assertThat(seen).hasSize(120).isSorted().doesNotHaveDuplicates();
    MucRoomStore.Page last = await(store.publicRooms(svc, null, "", 25));
    assertThat(last.rooms()).extracting(MucRoomRecord::room).first().isEqualTo("r095");
    assertThat(last.rooms()).extracting(MucRoomRecord::room).last().isEqualTo("r119");
    assertThat(last.more()).isTrue();
    MucRoomStore.Page before = await(store.publicRooms(svc, null, "r010", 25));
    assertThat(before.rooms()).extracting(MucRoomRecord::room).containsExactly(
        "r000", "r001", "r002", "r003", "r004", "r005", "r006", "r007", "r008", "r009");
    assertThat(before.more()).isFalse();
    assertThat(await(store.countCreatedBy("bob@b.test"))).isEqualTo(120);
  }
}
