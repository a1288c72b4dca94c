package io.switchboard.sharding.testing;

import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.caps.CapsDirectory;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.offline.OfflineInbox;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.pep.PepInterest;
import io.switchboard.sharding.presence.PresenceBroadcast;
import io.switchboard.sharding.roster.RosterPushes;
import io.switchboard.sharding.roster.Subscriptions;
import io.switchboard.sharding.session.Binding;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.OnlineResources;
import io.switchboard.sharding.session.OnlineResources.Resource;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.SessionContext;
import io.switchboard.sharding.session.StanzaRouting;
import io.switchboard.sharding.session.UserSession;
import io.switchboard.sharding.session.UserSessionSettings;
import io.switchboard.sharding.session.sm.StreamManagement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.jxmpp.jid.EntityBareJid;

/**
 * A {@link SessionContext} for tests of one part, without an entity: deliveries to the account's
 * own resources, commands the part sends itself (now or later) and watches are recorded;
 * asynchronous results become commands in {@link #selfMessages} when their futures complete. The
 * stateful parts are real, over this context. Single-threaded, as an entity is.
 */
public final class TestSessionContext implements SessionContext {
  /** One delivery to a resource of the account. */
  public record Delivered(String resource, XmlElement stanza, Receipt receipt) {}

  private final EntityBareJid user;
  private final Clock clock;
  private final UserSessionSettings settings =
      new UserSessionSettings(Duration.ofMinutes(1), 100, 2, 5, "", "", Duration.ofSeconds(10), false);
  public final RecordingRouting routing = new RecordingRouting();
  public final FakeOfflineMessages offline = new FakeOfflineMessages(10);
  private final OnlineResources resources = new OnlineResources();
  public final List<Delivered> delivered = new ArrayList<>();
  public final List<UserSession.Command> selfMessages = new ArrayList<>();
  public final List<String> watched = new ArrayList<>();
  private final ActorRef<UserSession.Command> self;
  private final ActorRef<ConnectionMessage> receipts;
  private final Modules modules;
  public boolean passivated;
  private Receipt receipt;
  private final Binding binding;
  private final StreamManagement streamManagement;
  private final OfflineInbox inbox;
  private final PepInterest pep;
  private final RosterPushes pushes;
  private final PresenceBroadcast presence = new PresenceBroadcast();
  private final Subscriptions subscriptions = new Subscriptions();

  /**
   * A context for {@code user} at {@code now}; {@code self} and {@code receipts} stand for the
   * entity's own refs (test probes).
   */
  public TestSessionContext(String user, Instant now, ActorRef<UserSession.Command> self,
      ActorRef<ConnectionMessage> receipts, PepHandler pepHandler) {
    this(user, now, self, receipts, pepHandler, null);
  }

  /** As above, with {@code modules} registered (null: the standard modules). */
  public TestSessionContext(String user, Instant now, ActorRef<UserSession.Command> self,
      ActorRef<ConnectionMessage> receipts, PepHandler pepHandler, Modules modules) {
    this.user = Jids.bare(user);
    this.clock = Clock.fixed(now, ZoneOffset.UTC);
    this.self = self;
    this.receipts = receipts;
    this.modules = modules != null ? modules : StandardModules.of(pepHandler, clock);
    this.binding = Binding.forTests(this);
    this.streamManagement = new StreamManagement(this);
    this.inbox = new OfflineInbox(this, offline);
    this.pep = new PepInterest(this, pepHandler, CapsDirectory.local());
    this.pushes = new RosterPushes(this);
  }

  /** The receipt of the command the part is handling. */
  public void receipt(Receipt r) {
    receipt = r;
  }

  /** Binds {@code name} to {@code connection}, available with {@code presence} when not null. */
  public Resource bind(String name, ActorRef<ConnectionMessage> connection, XmlElement presence, int priority) {
    Resource r = Resource.bound(name, connection);
    if (presence != null) {
      r = r.withPresence(presence, priority);
    }
    resources.put(r);
    return r;
  }

  /** The stanzas delivered to {@code resource}, in order. */
  public List<XmlElement> deliveredTo(String resource) {
    return delivered.stream().filter(d -> d.resource().equals(resource)).map(Delivered::stanza).toList();
  }

  @Override
  public EntityBareJid user() {
    return user;
  }

  @Override
  public String bare() {
    return user.toString();
  }

  @Override
  public String domain() {
    return user.asDomainBareJid().toString();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public UserSessionSettings settings() {
    return settings;
  }

  @Override
  public StanzaRouting routing() {
    return routing;
  }

  @Override
  public OnlineResources resources() {
    return resources;
  }

  @Override
  public void deliver(Resource r, XmlElement stanza) {
    if (resources.isParked(r.name())) {
      if (StreamManagement.mustNotBeLost(stanza)) {
        inbox.store(stanza);
      }
      return;
    }
    delivered.add(new Delivered(r.name(), stanza, takeReceipt()));
  }

  @Override
  public void deliverLocal(XmlElement stanza) {
    Jids.parse(stanza.attr("to")).filter(j -> j.hasResource())
        .map(j -> resources.get(j.getResourceOrThrow().toString()))
        .ifPresent(r -> deliver(r, stanza));
  }

  @Override
  public Receipt takeReceipt() {
    Receipt r = receipt;
    receipt = null;
    return r;
  }

  @Override
  public Receipt peekReceipt() {
    return receipt;
  }

  @Override
  public void replaceReceipt(Receipt changed) {
    receipt = changed;
  }

  private final java.util.Map<Class<?>, Object> memory = new java.util.HashMap<>();

  @Override
  public <T> T memory(Class<T> type, java.util.function.Supplier<T> create) {
    return type.cast(memory.computeIfAbsent(type, k -> create.get()));
  }

  @Override
  public ActorRef<ConnectionMessage> receipts() {
    return receipts;
  }

  @Override
  public ActorRef<UserSession.Command> self() {
    return self;
  }

  @Override
  public void tellSelf(UserSession.Command command) {
    selfMessages.add(command);
  }

  @Override
  public Cancellable scheduleOnce(Duration delay, UserSession.Command command) {
    selfMessages.add(command);
    return new Cancellable() {
      @Override
      public boolean cancel() {
        return true;
      }

      @Override
      public boolean isCancelled() {
        return false;
      }
    };
  }

  @Override
  public <T> void pipeToSelf(CompletionStage<T> future, BiFunction<T, Throwable, UserSession.Command> adapt) {
    future.whenComplete((value, failure) -> {
      synchronized (selfMessages) {
        selfMessages.add(adapt.apply(value, failure));
      }
    });
  }

  @Override
  public void watch(ActorRef<ConnectionMessage> connection, UserSession.Command onTerminated) {
    watched.add(connection.path().name());
  }

  @Override
  public void unwatch(ActorRef<ConnectionMessage> connection) {
    watched.remove(connection.path().name());
  }

  @Override
  public String nodeOf(ActorRef<?> connection) {
    return "pekko://test";
  }

  @Override
  public boolean isMember(String node) {
    return true;
  }

  @Override
  public void passivate() {
    passivated = true;
  }

  @Override
  public Binding binding() {
    return binding;
  }

  @Override
  public StreamManagement streamManagement() {
    return streamManagement;
  }

  @Override
  public OfflineInbox inbox() {
    return inbox;
  }

  @Override
  public PepInterest pep() {
    return pep;
  }

  @Override
  public RosterPushes rosterPushes() {
    return pushes;
  }

  @Override
  public PresenceBroadcast presence() {
    return presence;
  }

  @Override
  public Subscriptions subscriptions() {
    return subscriptions;
  }

  @Override
  public Modules modules() {
    return modules;
  }
}
