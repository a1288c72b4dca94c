package io.switchboard.sharding.testing;

import io.switchboard.sharding.mam.ArchiveEntry;
import io.switchboard.sharding.mam.ArchiveFilter;
import io.switchboard.sharding.mam.ArchivePage;
import io.switchboard.sharding.mam.MessageArchive;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jxmpp.jid.BareJid;

/**
 * An in-memory {@link MessageArchive} for tests of the archive's parts: appends are recorded and,
 * unless {@link #holdWrites}, complete at once (or fail when {@link #failWrites}); queries run
 * over what was appended, with the store's id ordering and paging rules.
 */
public final class FakeMessageArchive implements MessageArchive {
  /** One append: the owner and the entry. */
  public record Append(String owner, ArchiveEntry entry, CompletableFuture<Void> done) {}

  public final List<Append> appends = new ArrayList<>();
  private final Map<String, Map<UUID, ArchiveEntry>> rows = new LinkedHashMap<>();
  public boolean holdWrites;
  public boolean failWrites;
  public final List<BareJid> deleted = new ArrayList<>();

  @Override
  public synchronized CompletionStage<Void> append(BareJid owner, ArchiveEntry entry) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    appends.add(new Append(owner.toString(), entry, done));
    if (failWrites) {
      done.completeExceptionally(new IllegalStateException("store down"));
    } else {
      rows.computeIfAbsent(owner.toString(), k -> new LinkedHashMap<>()).put(entry.id(), entry);
      if (!holdWrites) {
        done.complete(null);
      }
    }
    return done;
  }

  @Override
  public synchronized CompletionStage<ArchivePage> query(BareJid owner, ArchiveFilter f) {
    List<ArchiveEntry> all = new ArrayList<>(rows.getOrDefault(owner.toString(), Map.of()).values());
    all.sort(Comparator.comparingLong((ArchiveEntry e) -> e.id().timestamp()).thenComparing(ArchiveEntry::id));
    for (UUID id : f.ids()) {
      if (all.stream().noneMatch(e -> e.id().equals(id))) {
        return CompletableFuture.failedFuture(new UnknownId(id));
      }
    }
    for (UUID id : new UUID[] {f.afterId(), f.beforeId()}) {
      if (id != null && all.stream().noneMatch(e -> e.id().equals(id))) {
        return CompletableFuture.failedFuture(new UnknownId(id));
      }
    }
    List<ArchiveEntry> match = all.stream()
        .filter(e -> f.ids().isEmpty() || f.ids().contains(e.id()))
        .filter(e -> f.start() == null || !e.stamp().isBefore(f.start()))
        .filter(e -> f.end() == null || !e.stamp().isAfter(f.end()))
        .filter(e -> f.with() == null || e.with().equals(f.with().asBareJid().toString()))
        .filter(e -> f.afterId() == null || e.id().timestamp() > f.afterId().timestamp())
        .filter(e -> f.beforeId() == null || e.id().timestamp() < f.beforeId().timestamp())
        .toList();
    List<ArchiveEntry> page = f.backwards()
        ? match.subList(Math.max(0, match.size() - f.max()), match.size())
        : match.subList(0, Math.min(f.max(), match.size()));
    return CompletableFuture.completedFuture(new ArchivePage(page, match.size() <= f.max()));
  }

  @Override
  public synchronized CompletionStage<Optional<ArchiveEntry>> edge(BareJid owner, boolean newest) {
    List<ArchiveEntry> all = new ArrayList<>(rows.getOrDefault(owner.toString(), Map.of()).values());
    all.sort(Comparator.comparingLong((ArchiveEntry e) -> e.id().timestamp()));
    return CompletableFuture.completedFuture(all.isEmpty() ? Optional.empty()
        : Optional.of(all.get(newest ? all.size() - 1 : 0)));
  }

  @Override
  public synchronized CompletionStage<Void> deleteAll(BareJid owner) {
    deleted.add(owner);
    rows.remove(owner.toString());
    return CompletableFuture.completedFuture(null);
  }

  /** What the archive of {@code owner} holds. */
  public synchronized List<ArchiveEntry> of(String owner) {
    return List.copyOf(rows.getOrDefault(owner, Map.of()).values());
  }
}
