package io.switchboard.sharding.offline;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.util.EmptyUntilUsed;
import io.switchboard.protocol.util.RecentSet;
import io.switchboard.protocol.util.ThrottledLog;
import io.switchboard.protocol.xml.DelayStamp;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.OnlineResources;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.UserSession;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0160 offline messages of one account: writes to the {@link OfflineMessages} store, the
 * fetch when a resource becomes available, and the deletion of what a connection acknowledged
 * ({@link OfflineDeliveries}). Every offline write for the user goes through this entity, which is
 * what lets a login skip the read when the store is known to be empty.
 *
 * <p>The flags guard three races, each of which lost or stranded a message once:
 * <ul>
 *   <li>a write still running when a read starts may land after it, so an empty answer then
 *       proves nothing ({@link #storedSinceFetch}, {@link #writesInFlight});
 *   <li>a message stored while a fetch runs is fetched again when it completes ({@link #refetch});
 *   <li>a copy re-sent by its sender after a failover is neither stored twice
 *       ({@link #recentlyStored}) nor acknowledged before its first write landed ({@link #storing}).
 * </ul>
 *
 * <p>Writes run one at a time, in arrival order ({@link OfflineWrites}): the store's quota check
 * (a count, then an insert) is not atomic, so two writes in flight for the last free slot both
 * passed it and the account held one message more than its quota (issue #23 F9: 1,001 rows
 * against 1,000). This entity is the account's only writer, so serialising here makes the check
 * exact. The messages that arrive while a write runs go together into the next one (one count,
 * one batch), so a burst costs a few writes, not one per message; at most
 * {@code switchboard.quotas.offline-write-queue} wait, more are refused with
 * {@code resource-constraint}, as are those past the quota.
 */
public final class OfflineInbox {
  private static final Logger log = LoggerFactory.getLogger(OfflineInbox.class);

  /** What this part's asynchronous work reports back to the entity. */
  public sealed interface Internal extends UserSession.Command {}

  record Fetched(String resource, List<StoredMessage> messages, Throwable failure) implements Internal {}

  /** Another fetch, after the one that just completed. */
  record Refetch(String resource) implements Internal {}

  /** A write of {@code batch} completed: the first {@code accepted} were stored, the rest refused. */
  record Stored(List<OfflineWrites.Pending> batch, Integer accepted, Throwable failure) implements Internal {}

  record Deleted(List<UUID> ids, Throwable failure) implements Internal {}

  private final SessionContext ctx;
  private final OfflineMessages store;
  private boolean fetchInFlight;
  /**
   * The last fetch found nothing and this incarnation has stored nothing since, so a login need
   * not read the store. False after recovery: unknown until the first fetch.
   */
  private boolean knownEmpty;
  /** A store was running when the running fetch started, or started since. */
  private boolean storedSinceFetch;
  /** Writes started and not yet answered. */
  private int writesInFlight;
  /** A message was stored while a fetch was in flight: fetch again when it completes. */
  private boolean refetch;
  /** The last fetch filled a page: the next is fetched once this one is delivered and deleted. */
  private boolean morePages;
  /** Copies sent to connections, deleted once acknowledged; null until the first. */
  private OfflineDeliveries deliveries;
  /** Receipts of messages stored lately: a copy re-sent after a failover is not stored twice. */
  private final Set<Receipt> recentlyStored = RecentSet.of(1000);
  /** Receipts of messages whose write is running; the shared empty set while none is. */
  private Set<Receipt> storing = Set.of();
  /** The running write and the messages waiting for it. */
  private final OfflineWrites writes;
  /** The "message refused" line at most every 10 s; null until the first refusal (per account entity). */
  private ThrottledLog refusedLog;

  public OfflineInbox(SessionContext ctx, OfflineMessages store) {
    this(ctx, store, io.switchboard.sharding.quota.AccountQuotas.DEFAULTS.offlineWriteQueue());
  }

  public OfflineInbox(SessionContext ctx, OfflineMessages store, int maxQueued) {
    this(ctx, store, maxQueued, io.switchboard.sharding.quota.AccountQuotas.DEFAULTS.offlineWriteBatch());
  }

  public OfflineInbox(SessionContext ctx, OfflineMessages store, int maxQueued, int maxBatch) {
    this.ctx = ctx;
    this.store = store;
    this.writes = new OfflineWrites(maxQueued, maxBatch);
  }

  public void onInternal(Internal cmd) {
    if (cmd instanceof Fetched f) {
      onFetched(f);
    } else if (cmd instanceof Stored s) {
      onStored(s);
    } else if (cmd instanceof Refetch r) {
      fetch(r.resource());
    } else if (cmd instanceof Deleted d) {
      if (d.failure() != null) {
        log.warn("{}: deleting delivered offline messages failed: {}", ctx.bare(), d.failure().toString());
      }
      deliveries().deleted(d.ids(), d.failure() != null);
      deleteDelivered();
      nextPageIfSettled();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Storing

  /**
   * A re-sent copy of a message already stored or being stored: the first is acknowledged as it
   * stands (the current receipt is left for the entity to acknowledge), the second waits for its
   * write (the receipt is taken without an acknowledgement; if the write fails the sender retries).
   */
  public boolean isDuplicate() {
    Receipt receipt = ctx.peekReceipt();
    if (receipt == null) {
      return false;
    }
    if (recentlyStored.contains(receipt)) {
      return true;
    }
    if (storing.contains(receipt)) {
      ctx.takeReceipt();
      return true;
    }
    return false;
  }

  /** XEP-0160: chat and normal messages wait in offline storage; bare chat states are dropped. */
  public void store(XmlElement stanza) {
    boolean worthKeeping = false;
    for (XmlElement child : stanza.elements()) {
      if (!child.namespace().equals(Namespaces.CHAT_STATES)) {
        worthKeeping = true;
        break;
      }
    }
    if (!worthKeeping) {
      return;
    }
    Receipt r = ctx.takeReceipt();
    if (writes.full()) {
      Receipt.ack(r); // refused with an error: accounted for
      if (refusedLog == null) {
        refusedLog = new ThrottledLog(Duration.ofSeconds(10));
      }
      if (refusedLog.due(System.nanoTime())) {
        log.info("{}: {} offline messages waiting to be stored, message refused ({} more since the last such line)",
            ctx.bare(), writes.maxQueued(), refusedLog.takeSkipped());
      }
      bounce(stanza, StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT));
      return;
    }
    if (r != null) {
      storing = EmptyUntilUsed.add(storing, r);
    }
    knownEmpty = false;
    storedSinceFetch = true;
    writesInFlight++; // queued ones count: a fetch starting now may miss them
    write(writes.add(new OfflineWrites.Pending(stanza, r)));
  }

  private void write(List<OfflineWrites.Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<XmlElement> stanzas = new java.util.ArrayList<>(batch.size());
    for (OfflineWrites.Pending p : batch) {
      stanzas.add(p.stanza());
    }
    ctx.pipeToSelf(store.storeAll(ctx.user(), stanzas, ctx.clock().instant()),
        (accepted, failure) -> new Stored(batch, accepted, failure));
  }

  private void onStored(Stored cmd) {
    writesInFlight -= cmd.batch().size();
    write(writes.done());
    for (OfflineWrites.Pending p : cmd.batch()) {
      if (p.receipt() != null) {
        storing = EmptyUntilUsed.remove(storing, p.receipt());
      }
    }
    if (cmd.failure() != null) {
      log.warn("{}: offline store of {} message(s) failed: {}", ctx.bare(), cmd.batch().size(), cmd.failure().toString());
      for (OfflineWrites.Pending p : cmd.batch()) {
        // With a receipt: not acknowledged, the sender's connection sends it again (storage may be
        // back by then). Without one, nobody retries: the sender gets an error.
        if (p.receipt() == null) {
          bounce(p.stanza(), StanzaError.of(StanzaErrorCondition.INTERNAL_SERVER_ERROR).withType(StanzaErrorType.WAIT));
        }
      }
      return;
    }
    // Stored, or refused with an error to the sender: either way each message is accounted for.
    OfflineWrites.Outcome outcome = OfflineWrites.outcome(cmd.batch(), cmd.accepted() == null ? 0 : cmd.accepted());
    for (OfflineWrites.Pending p : outcome.stored()) {
      Receipt.ack(p.receipt());
      if (p.receipt() != null) {
        recentlyStored.add(p.receipt());
      }
    }
    if (!outcome.refused().isEmpty()) {
      log.info("{}: offline quota full, {} message(s) refused", ctx.bare(), outcome.refused().size());
    }
    for (OfflineWrites.Pending p : outcome.refused()) {
      Receipt.ack(p.receipt());
      bounce(p.stanza(), StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT));
    }
    if (!outcome.stored().isEmpty()) {
      // A resource may have become available while the message was being stored (its own fetch
      // may have run before the store landed): deliver it now rather than at the next login.
      fetchForAvailable();
    }
  }

  private void bounce(XmlElement stanza, StanzaError error) {
    Stanzas.errorReply(stanza, error).ifPresent(ctx.routing()::route);
  }

  // ---------------------------------------------------------------------------------------------
  // Fetching

  /** Fetches stored messages for delivery to {@code resource} (or the best available ones). */
  public void fetch(String resource) {
    if (knownEmpty) {
      return;
    }
    if (fetchInFlight) {
      refetch = true;
      return;
    }
    fetchInFlight = true;
    // A write still running may land after this read: then an empty answer does not mean empty.
    storedSinceFetch = writesInFlight > 0;
    ctx.pipeToSelf(store.fetch(ctx.user()), (messages, failure) -> new Fetched(resource, messages, failure));
  }

  /** Fetches for the best available resources, if any is available. */
  public void fetchForAvailable() {
    List<Resource> best = ctx.resources().highestPriority();
    if (!best.isEmpty()) {
      fetch(best.get(0).name());
    }
  }

  private void onFetched(Fetched cmd) {
    fetchInFlight = false;
    if (refetch) {
      refetch = false;
      ctx.tellSelf(new Refetch(cmd.resource()));
    }
    if (cmd.failure() != null) {
      log.warn("{}: offline fetch failed: {}", ctx.bare(), cmd.failure().toString());
      return;
    }
    morePages = cmd.messages().size() >= store.pageSize();
    if (cmd.messages().isEmpty()) {
      knownEmpty = !storedSinceFetch;
      return;
    }
    OnlineResources resources = ctx.resources();
    Resource r = resources.get(cmd.resource());
    List<Resource> targets = r != null && r.available() && r.priority() >= 0 && !resources.isParked(r.name())
        ? List.of(r)
        : resources.highestPriority();
    if (targets.isEmpty()) {
      return; // nobody left to take them; they stay stored
    }
    if (deliveries != null) {
      deliveries.forgetAllBut(this::isCurrentConnection);
    }
    for (StoredMessage m : cmd.messages()) {
      if (!deliveries().due(m.id())) {
        continue; // acknowledged already, or a copy is still on its way to a bound resource
      }
      XmlElement delayed = DelayStamp.of(m.stamp(), ctx.domain()).addTo(m.stanza());
      for (Resource t : targets) {
        t.connection().tell(new ConnectionMessage.Deliver(
            delayed, new Receipt(ctx.receipts(), deliveries().sent(m.id(), t.connection()))));
      }
    }
  }

  /**
   * Pages: after a full page, the next is read only when every copy of this one was acknowledged
   * and its rows deleted (so the read does not return them again). A backlog of thousands thus
   * reaches a client a page at a time, paced by its acknowledgements.
   */
  private void nextPageIfSettled() {
    if (morePages && deliveries().settled()) {
      morePages = false;
      fetchForAvailable();
    }
  }

  private boolean isCurrentConnection(ActorRef<ConnectionMessage> connection) {
    Resource r = ctx.resources().byConnection(connection);
    return r != null && !ctx.resources().isParked(r.name());
  }

  // ---------------------------------------------------------------------------------------------
  // Acknowledged copies, deletion

  /**
   * A receipt of an offline copy came back (the connection wrote it, or a park took it over):
   * the stored message is deleted. Returns false when the number is not one of this part's.
   */
  public boolean acknowledged(long seq) {
    if (deliveries != null && deliveries.acknowledged(seq)) {
      deleteDelivered();
      return true;
    }
    return false;
  }

  /**
   * A connection went away: copies on their way to it may never have arrived. They are still
   * stored, so the remaining resources get them.
   */
  public void connectionGone(ActorRef<ConnectionMessage> connection) {
    if (deliveries != null && deliveries.forget(connection)) {
      fetchForAvailable();
    }
  }

  /** Deletes every stored message (the account was removed or created again). */
  public void deleteAll() {
    store.deleteAll(ctx.user()).whenComplete((ok, failure) -> {
      if (failure != null) {
        log.warn("{}: deleting offline messages failed: {}", ctx.bare(), failure.toString());
      }
    });
  }

  private OfflineDeliveries deliveries() {
    if (deliveries == null) {
      deliveries = new OfflineDeliveries();
    }
    return deliveries;
  }

  private void deleteDelivered() {
    if (deliveries == null) {
      return;
    }
    List<UUID> batch = deliveries.startDeletion();
    if (!batch.isEmpty()) {
      ctx.pipeToSelf(store.delete(ctx.user(), batch), (ok, failure) -> new Deleted(batch, failure));
    }
  }
}
