package io.switchboard.sharding.muc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class RoomListingTest {
  private static final Instant T = Instant.parse("2026-12-06T18:00:00Z");

  /** Records the creator each removal names (null would make the store read it first). */
  private static final class Removals {
    final List<String> creators = new ArrayList<>();
    final RoomDirectory directory = new RoomDirectory() {
      private final RoomDirectory memory = RoomDirectory.inMemory();

      @Override
      public CompletionStage<Void> put(Listing l) {
        return memory.put(l);
      }

      @Override
      public CompletionStage<Void> remove(String service, String room, String creator) {
        creators.add(creator);
        return memory.remove(service, room, creator);
      }

      @Override
      public CompletionStage<Boolean> exists(String service, String room) {
        return memory.exists(service, room);
      }

      @Override
      public CompletionStage<Integer> countCreatedBy(String creator) {
        return memory.countCreatedBy(creator);
      }

      @Override
      public CompletionStage<Page> publicRooms(String service, String after, String before, int max) {
        return memory.publicRooms(service, after, before, max);
      }

      @Override
      public CompletionStage<List<Listing>> all(String service) {
        return CompletableFuture.completedFuture(List.of());
      }
    };
  }

  private static RoomEvent.RoomCreated created(String creator) {
    return new RoomEvent.RoomCreated(creator, RoomConfig.defaults(MucSettings.defaults()), "c2FsdA==", T, false);
  }

  @Test
  void written_destroyedInALaterWrite_namesTheCreatorItWroteBefore() {
    Removals r = new Removals();
    RoomListing listing = new RoomListing("room@conference.example.com", r.directory);
    RoomEvent.RoomCreated c = created("alice@example.com");
    RoomState live = RoomState.ABSENT.apply(c);
    listing.written(List.of(c), live);
    RoomEvent.RoomDestroyed d = new RoomEvent.RoomDestroyed(null, null);
    listing.written(List.of(d), live.apply(d));
    assertThat(r.creators).containsExactly("alice@example.com");
  }

  @Test
  void written_destroyedAfterARestart_namesTheCreatorOfTheRecoveredState() {
    Removals r = new Removals();
    RoomListing listing = new RoomListing("room@conference.example.com", r.directory);
    RoomState recovered = RoomState.ABSENT.apply(created("bob@example.com"));
    listing.publish(recovered);
    RoomEvent.RoomDestroyed d = new RoomEvent.RoomDestroyed(null, null);
    listing.written(List.of(d), recovered.apply(d));
    assertThat(r.creators).containsExactly("bob@example.com");
  }

  @Test
  void written_recreatedAfterDestroy_theNextRemovalNamesTheNewCreator() {
    Removals r = new Removals();
    RoomListing listing = new RoomListing("room@conference.example.com", r.directory);
    RoomEvent.RoomDestroyed d = new RoomEvent.RoomDestroyed(null, null);
    RoomEvent.RoomCreated first = created("alice@example.com");
    listing.written(List.of(first), RoomState.ABSENT.apply(first));
    listing.written(List.of(d), RoomState.ABSENT.apply(first).apply(d));
    RoomEvent.RoomCreated second = created("carol@example.com");
    RoomState again = RoomState.ABSENT.apply(second);
    listing.written(List.of(second), again);
    listing.written(List.of(d), again.apply(d));
    assertThat(r.creators).containsExactly("alice@example.com", "carol@example.com");
  }
}
