package io.switchboard.sharding.muc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The rooms of a service, kept beside the rooms themselves (the node implements it on Cassandra
 * tables): which rooms exist, which are public (the service's disco#items, paged with XEP-0059),
 * who created each (max-rooms-per-user), without waking or scanning any room entity. A room
 * writes its own entry when it is created, reconfigured or destroyed, and again whenever it
 * starts (entries are idempotent upserts), so the directory follows the rooms' journals.
 */
public interface RoomDirectory {

  /** A room's directory entry. {@code room} is the room's local part. */
  record Listing(String service, String room, String name, boolean isPublic, boolean persistent,
      String creator, Instant created) {}

  /** A page of public rooms in name order, and whether more follow. */
  record Page(List<Listing> rooms, boolean more) {}

  CompletionStage<Void> put(Listing listing);

  CompletionStage<Void> remove(String service, String room, String creator);

  CompletionStage<Boolean> exists(String service, String room);

  /** How many rooms {@code creator} (a bare JID) created that still exist, at any service. */
  CompletionStage<Integer> countCreatedBy(String creator);

  /**
   * Public rooms of {@code service} in name order: after {@code after} (exclusive) when it is not
   * null, else before {@code before} (the page ending just before it; "" for the last page) when
   * that is not null, else from the first; at most {@code max}.
   */
  CompletionStage<Page> publicRooms(String service, String after, String before, int max);

  /** Every room of {@code service}, public or not, in name order (operators). */
  CompletionStage<List<Listing>> all(String service);

  /** A directory in this JVM's memory (tests). */
  static RoomDirectory inMemory() {
    return new RoomDirectory() {
      private final Map<String, Listing> rooms = new ConcurrentSkipListMap<>();

      private String key(String service, String room) {
        return service + "/" + room;
      }

      @Override
      public CompletionStage<Void> put(Listing l) {
        rooms.put(key(l.service(), l.room()), l);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> remove(String service, String room, String creator) {
        rooms.remove(key(service, room));
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Boolean> exists(String service, String room) {
        return CompletableFuture.completedFuture(rooms.containsKey(key(service, room)));
      }

      @Override
      public CompletionStage<Integer> countCreatedBy(String creator) {
        return CompletableFuture.completedFuture(
            (int) rooms.values().stream().filter(l -> creator.equals(l.creator())).count());
      }

      @Override
      public CompletionStage<Page> publicRooms(String service, String after, String before, int max) {
        List<Listing> all = new ArrayList<>();
        for (Listing l : rooms.values()) {
          if (l.service().equals(service) && l.isPublic()) {
            all.add(l);
          }
        }
        all.sort(java.util.Comparator.comparing(Listing::room));
        int from = 0;
        int to = all.size();
        if (after != null) {
          while (from < all.size() && all.get(from).room().compareTo(after) <= 0) {
            from++;
          }
          to = Math.min(all.size(), from + max);
          return CompletableFuture.completedFuture(new Page(List.copyOf(all.subList(from, to)), to < all.size()));
        }
        if (before != null) {
          if (!before.isEmpty()) {
            to = 0;
            while (to < all.size() && all.get(to).room().compareTo(before) < 0) {
              to++;
            }
          }
          from = Math.max(0, to - max);
          return CompletableFuture.completedFuture(new Page(List.copyOf(all.subList(from, to)), from > 0));
        }
        to = Math.min(all.size(), max);
        return CompletableFuture.completedFuture(new Page(List.copyOf(all.subList(0, to)), to < all.size()));
      }

      @Override
      public CompletionStage<List<Listing>> all(String service) {
        return CompletableFuture.completedFuture(
            rooms.values().stream().filter(l -> l.service().equals(service)).toList());
      }
    };
  }
}
