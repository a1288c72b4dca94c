package io.switchboard.node.clusterpage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterSnapshotTest {
  private static final String A = "pekko://switchboard@127.0.0.1:2551";
  private static final String B = "pekko://switchboard@127.0.0.1:2552";
  private static final String C = "pekko://switchboard@127.0.0.1:2553";
  private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

  private final ClusterEventLog log = new ClusterEventLog(10, Clock.fixed(T0, ZoneOffset.UTC));

  @Test
  void build_marksLeaderSelfUnreachable_sortsMembersAndTypes() {
    log.record("up", B, "");
    ClusterView view = ClusterSnapshot.build(new ClusterSnapshot.Facts(T0, A, B,
        List.of(new ClusterSnapshot.MemberFact(C, "Up", List.of("dc-default", "b")),
            new ClusterSnapshot.MemberFact(A, "Up", List.of()),
            new ClusterSnapshot.MemberFact(B, "Leaving", List.of())),
        Set.of(C),
        List.of(new ClusterSnapshot.TypeFact("UserSession", Map.of(B, Map.of("7", 2), A, Map.of("1", 1, "2", 3)), null),
            ClusterSnapshot.TypeFact.failed("MucRoom", "ask timed out")),
        new ClusterView.Node(A, 4, null)), log);

    assertThat(view.members()).extracting(ClusterView.Member::address).containsExactly(A, B, C);
    assertThat(view.members().get(0).self()).isTrue();
    assertThat(view.members().get(1).leader()).isTrue();
    assertThat(view.members().get(1).upSince()).isEqualTo(T0);
    assertThat(view.members().get(0).upSince()).isNull();
    assertThat(view.members().get(2).unreachable()).isTrue();
    assertThat(view.members().get(2).roles()).containsExactly("b", "dc-default");
    assertThat(view.entityTypes()).extracting(ClusterView.EntityType::name).containsExactly("MucRoom", "UserSession");
    ClusterView.EntityType muc = view.entityTypes().get(0);
    assertThat(muc.error()).isEqualTo("ask timed out");
    assertThat(muc.regions()).isEmpty();
    ClusterView.EntityType sessions = view.entityTypes().get(1);
    assertThat(sessions.shards()).isEqualTo(3);
    assertThat(sessions.entities()).isEqualTo(6);
    assertThat(sessions.regions()).containsExactly(
        new ClusterView.Region(A, 2, 4, List.of("1", "2")),
        new ClusterView.Region(B, 1, 2, List.of("7")));
    assertThat(view.events()).hasSize(1);
  }

  @Test
  void entityType_regionWithoutShards_listedWithZero() {
    ClusterView.EntityType t = ClusterSnapshot.entityType(
        new ClusterSnapshot.TypeFact("Feed", Map.of(A, Map.of(), B, Map.of("3", 0)), null));
    assertThat(t.regions()).containsExactly(new ClusterView.Region(A, 0, 0, List.of()),
        new ClusterView.Region(B, 1, 0, List.of("3")));
    assertThat(t.shards()).isEqualTo(1);
  }

  @Test
  void moves_shardsChangingMember_groupedByTypeSourceAndTarget() {
    Map<String, Map<String, String>> before = Map.of("UserSession", Map.of("1", A, "2", C, "3", C, "4", B));
    Map<String, Map<String, String>> after = Map.of("UserSession", Map.of("1", A, "2", A, "3", B, "4", B),
        "MucRoom", Map.of("9", A));

    assertThat(ClusterSnapshot.moves(before, after)).containsExactly(
        new ClusterSnapshot.Move("UserSession", C, A, 1),
        new ClusterSnapshot.Move("UserSession", C, B, 1));
  }

  @Test
  void moves_typeWithoutAnswerOrShardNotYetRestarted_noMove() {
    Map<String, Map<String, String>> before = Map.of("UserSession", Map.of("1", A, "2", C));
    assertThat(ClusterSnapshot.moves(before, Map.of())).isEmpty();
    assertThat(ClusterSnapshot.moves(before, Map.of("UserSession", Map.of("1", A)))).isEmpty();
  }

  @Test
  void remember_shardMissingForOnePoll_moveSeenWhenItRestarts() {
    Map<String, Map<String, String>> known = ClusterSnapshot.remember(Map.of(),
        ClusterSnapshot.placement(List.of(new ClusterSnapshot.TypeFact("UserSession", Map.of(C, Map.of("5", 1)), null))));
    // C died: its region no longer answers, shard 5 is nowhere for a while.
    Map<String, Map<String, String>> gap =
        ClusterSnapshot.placement(List.of(new ClusterSnapshot.TypeFact("UserSession", Map.of(A, Map.of()), null)));
    assertThat(ClusterSnapshot.moves(known, gap)).isEmpty();
    known = ClusterSnapshot.remember(known, gap);
    Map<String, Map<String, String>> restarted =
        ClusterSnapshot.placement(List.of(new ClusterSnapshot.TypeFact("UserSession", Map.of(A, Map.of("5", 1)), null)));

    assertThat(ClusterSnapshot.moves(known, restarted)).containsExactly(new ClusterSnapshot.Move("UserSession", C, A, 1));
  }

  @Test
  void placement_failedType_leftOut() {
    assertThat(ClusterSnapshot.placement(List.of(ClusterSnapshot.TypeFact.failed("Feed", "timeout")))).isEmpty();
  }

  @Test
  void orLast_emptyAnswerAfterCompleteOne_lastShownStale() {
    ClusterSnapshot.TypeFact good = new ClusterSnapshot.TypeFact("UserSession", Map.of(A, Map.of("1", 2), C, Map.of("2", 1)), null);
    ClusterSnapshot.TypeFact empty = new ClusterSnapshot.TypeFact("UserSession", Map.of(), null);

    ClusterView.EntityType shown = ClusterSnapshot.entityType(ClusterSnapshot.orLast(empty, good));
    assertThat(shown.stale()).isTrue();
    assertThat(shown.error()).isEqualTo(ClusterSnapshot.INCOMPLETE);
    assertThat(shown.shards()).isEqualTo(2);
    assertThat(shown.regions()).hasSize(2);
    assertThat(ClusterSnapshot.placement(List.of(ClusterSnapshot.orLast(empty, good)))).isEmpty();
  }

  @Test
  void orLast_noCompleteAnswerYet_failedNotStale() {
    ClusterView.EntityType shown = ClusterSnapshot.entityType(
        ClusterSnapshot.orLast(ClusterSnapshot.TypeFact.failed("Feed", "ask timed out"), null));
    assertThat(shown.stale()).isFalse();
    assertThat(shown.error()).isEqualTo("ask timed out");
    assertThat(shown.regions()).isEmpty();
  }

  @Test
  void orLast_completeAnswer_itself() {
    ClusterSnapshot.TypeFact now = new ClusterSnapshot.TypeFact("Feed", Map.of(A, Map.of()), null);
    assertThat(ClusterSnapshot.orLast(now, null)).isSameAs(now);
  }
}
