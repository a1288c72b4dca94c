package io.switchboard.sharding.module;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.disco.Identity;
import io.switchboard.sharding.offline.OfflineStages;
import io.switchboard.sharding.session.AccountIqHandler;
import io.switchboard.sharding.session.delivery.DeliveryPipeline;
import io.switchboard.sharding.session.delivery.DeliveryStage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import io.switchboard.protocol.xml.XmlElement;
import org.jxmpp.jid.EntityBareJid;

/**
 * The registry every module is added to, once per node at start-up; immutable after. It routes
 * IQs to accounts and to the server by payload namespace, orders the delivery stages (offline
 * storage's stages always first and last, see {@link OfflineStages}) and generates the disco
 * features from what is registered, so no feature list is written by hand.
 */
public final class Modules {
  private final List<Module> modules;
  private final Map<String, List<AccountIqHandler>> accountIq;
  private final Map<String, ServerIqHandler> serverIq;
  private final List<String> accountFeatures;
  private final List<Identity> accountIdentities;
  private final List<String> serverFeatures;
  private final DeliveryPipeline pipeline;
  private final List<IqResponseHandler> responses;
  private final List<PresenceStage> presenceStages;
  private final List<InboundPresenceObserver> presenceObservers;
  private final List<LoginHook> loginHooks;

  private Modules(List<Module> modules) {
    this.modules = List.copyOf(modules);
    Map<String, List<AccountIqHandler>> byNamespace = new HashMap<>();
    Map<String, ServerIqHandler> server = new HashMap<>();
    TreeSet<String> account = new TreeSet<>();
    List<Identity> identities = new ArrayList<>();
    TreeSet<String> announced = new TreeSet<>(List.of(Namespaces.MSGOFFLINE));
    List<DeliveryStage> stages = new ArrayList<>();
    List<IqResponseHandler> responseHandlers = new ArrayList<>();
    List<PresenceStage> presence = new ArrayList<>();
    List<InboundPresenceObserver> observers = new ArrayList<>();
    List<LoginHook> logins = new ArrayList<>();
    stages.add(OfflineStages.DUPLICATES);
    for (Module m : modules) {
      responseHandlers.addAll(m.iqResponses());
      for (AccountIqHandler h : m.accountIq()) {
        h.namespaces().forEach(ns -> byNamespace.computeIfAbsent(ns, k -> new ArrayList<>()).add(h));
        account.addAll(h.accountFeatures());
        h.accountIdentities().stream().filter(i -> !identities.contains(i)).forEach(identities::add);
      }
      for (ServerIqHandler h : m.serverIq()) {
        for (String ns : h.namespaces()) {
          if (server.put(ns, h) != null) {
            throw new IllegalArgumentException("two server IQ handlers for " + ns + " (module " + m.name() + ")");
          }
        }
        announced.addAll(h.features());
      }
      stages.addAll(m.deliveryStages());
      presence.addAll(m.presenceStages());
      observers.addAll(m.presenceObservers());
      logins.addAll(m.loginHooks());
      announced.addAll(m.serverFeatures());
    }
    stages.add(OfflineStages.STORAGE);
    byNamespace.replaceAll((k, v) -> List.copyOf(v));
    this.accountIq = Collections.unmodifiableMap(byNamespace);
    this.serverIq = Collections.unmodifiableMap(server);
    this.accountFeatures = List.copyOf(account);
    this.accountIdentities = List.copyOf(identities);
    this.serverFeatures = List.copyOf(announced);
    this.pipeline = new DeliveryPipeline(stages);
    this.responses = List.copyOf(responseHandlers);
    this.presenceStages = List.copyOf(presence);
    this.presenceObservers = List.copyOf(observers);
    this.loginHooks = List.copyOf(logins);
  }

  /** Every module's {@link LoginHook}, in module order. */
  public List<LoginHook> loginHooks() {
    return loginHooks;
  }

  /** Every module's {@link InboundPresenceObserver}, in module order. */
  public List<InboundPresenceObserver> presenceObservers() {
    return presenceObservers;
  }

  /** The user's own {@code presence} as the server sends it on, after every {@link PresenceStage}. */
  public XmlElement ownPresence(io.switchboard.sharding.session.Account state, XmlElement presence) {
    XmlElement out = presence;
    for (PresenceStage s : presenceStages) {
      out = s.outgoing(state, out);
    }
    return out;
  }

  /** The registry of {@code modules}, in this order (which orders their delivery stages). */
  public static Modules of(List<? extends Module> modules) {
    return new Modules(new ArrayList<>(modules));
  }

  public static Modules of(Module... modules) {
    return of(List.of(modules));
  }

  /** The handler that takes {@code request}, if any. */
  public Optional<AccountIqHandler> accountHandler(AccountIqHandler.Request request) {
    for (AccountIqHandler h : accountIq.getOrDefault(request.payload().namespace(), List.of())) {
      if (h.accepts(request)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** The module that asked for the request {@code iq} answers, if any. */
  public Optional<IqResponseHandler> responseHandler(XmlElement iq) {
    for (IqResponseHandler h : responses) {
      if (h.accepts(iq)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** Tells every module that {@code user}'s account was removed (see {@link Module#accountRemoved}). */
  public void accountRemoved(EntityBareJid user) {
    for (Module m : modules) {
      m.accountRemoved(user);
    }
  }

  /** Every server IQ handler, each once, in module order (disco#items on a node asks each). */
  public List<ServerIqHandler> serverHandlers() {
    return serverIq.values().stream().distinct().toList();
  }

  public Optional<ServerIqHandler> serverHandler(String payloadNamespace) {
    return Optional.ofNullable(serverIq.get(payloadNamespace));
  }

  /** What an account's bare JID announces in disco#info, sorted. */
  public List<String> accountFeatures() {
    return accountFeatures;
  }

  /** Identities an account's bare JID adds to account/registered in disco#info. */
  public List<Identity> accountIdentities() {
    return accountIdentities;
  }

  /** What the server's domain announces in disco#info, sorted. */
  public List<String> serverFeatures() {
    return serverFeatures;
  }

  public DeliveryPipeline pipeline() {
    return pipeline;
  }

  public List<Module> all() {
    return modules;
  }
}
