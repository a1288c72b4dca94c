package io.switchboard.sharding.pep;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sharding.caps.CapsRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifyInterestsTest {
  private static final String REMOTE = "romeo@remote.example/phone";

  @Test
  void remoteContactWithResolvedCaps_wantsItsNotifyNodes_lastItemsOnce() {
    NotifyInterests interests = new NotifyInterests();
    CapsRef ref = new CapsRef("https://example.org/client", "v1", "sha-1");
    interests.available(REMOTE, Optional.of(ref));
    assertThat(interests.interestedIn("urn:example:tune")).as("caps not resolved yet").isEmpty();
    interests.asked("caps-1", ref, REMOTE);
    assertThat(interests.answered("caps-1")).contains(new NotifyInterests.Pending(ref, REMOTE));
    interests.learn("v1", List.of("urn:example:tune+notify", "urn:example:mood", "+notify"));
    assertThat(interests.interestedIn("urn:example:tune")).containsExactly(REMOTE);
    assertThat(interests.interestedIn("urn:example:mood")).isEmpty();
    assertThat(interests.newlyInterested(REMOTE)).containsExactly("urn:example:tune");
    assertThat(interests.newlyInterested(REMOTE)).as("served once").isEmpty();
    interests.unavailable(REMOTE);
    assertThat(interests.interestedIn("urn:example:tune")).isEmpty();
  }

  @Test
  void unansweredCapsQueries_areBounded_eldestForgotten() {
    NotifyInterests interests = new NotifyInterests();
    int asked = NotifyInterests.MAX_PENDING + 50;
    for (int i = 1; i <= asked; i++) {
      CapsRef ref = new CapsRef("https://example.org/client", "v" + i, "sha-1");
      interests.available(REMOTE, Optional.of(ref));
      interests.asked("caps-" + i, ref, REMOTE); // a peer that never answers
    }
    assertThat(interests.pendingCount()).isEqualTo(NotifyInterests.MAX_PENDING);
    assertThat(interests.answered("caps-1")).as("the eldest is forgotten").isEmpty();
    assertThat(interests.answered("caps-" + asked)).as("the newest is kept").isPresent();
  }

  @Test
  void availableFullJids_areBounded_theLongestSilentForgotten_withWhatItWasServed() {
    NotifyInterests interests = new NotifyInterests();
    CapsRef ref = new CapsRef("https://example.org/client", "v1", "sha-1");
    interests.learn("v1", List.of("urn:example:tune+notify"));
    String first = "contact0@remote.example/r";
    interests.available(first, Optional.of(ref));
    assertThat(interests.newlyInterested(first)).containsExactly("urn:example:tune");
    String second = "contact1@remote.example/r";
    interests.available(second, Optional.of(ref));
    interests.newlyInterested(second);
    for (int i = 2; i < NotifyInterests.MAX_AVAILABLE + 200; i++) {
      String full = "contact" + i + "@remote.example/r";
      interests.available(full, Optional.of(ref));
      interests.newlyInterested(full);
      if (i == NotifyInterests.MAX_AVAILABLE - 1) {
        interests.available(first, Optional.of(ref)); // a new presence: the latest again
      }
    }
    assertThat(interests.availableCount()).isEqualTo(NotifyInterests.MAX_AVAILABLE);
    assertThat(interests.servedCount()).isEqualTo(NotifyInterests.MAX_AVAILABLE);
    assertThat(interests.caps(second)).as("silent longest: forgotten").isEmpty();
    assertThat(interests.interestedIn("urn:example:tune")).contains(first).doesNotContain(second);
    assertThat(interests.newlyInterested(first)).as("kept, and still served once").isEmpty();
    interests.available(second, Optional.of(ref));
    assertThat(interests.newlyInterested(second)).as("back: served again").containsExactly("urn:example:tune");
  }
}
