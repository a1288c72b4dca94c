package io.switchboard.sharding.session;

import io.switchboard.sharding.EntityLifecycle;
import io.switchboard.sharding.account.AccountDirectory;
import io.switchboard.sharding.caps.CapsDirectory;
import io.switchboard.sharding.module.Modules;
import io.switchboard.sharding.module.StandardModules;
import io.switchboard.sharding.offline.OfflineMessages;
import io.switchboard.sharding.pep.PepHandler;
import io.switchboard.sharding.quota.AccountQuotas;
import java.time.Clock;
import java.util.Objects;

/** What a {@link UserSession} entity needs from its surroundings. */
public record SessionDependencies(
    StanzaRouting routing, OfflineMessages offline, Clock clock, AccountDirectory accounts,
    PepHandler pep, CapsDirectory caps, Modules modules, AccountQuotas quotas, EntityLifecycle lifecycle) {
  public SessionDependencies {
    Objects.requireNonNull(lifecycle, "lifecycle");
    Objects.requireNonNull(quotas, "quotas");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(offline, "offline");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(pep, "pep");
    Objects.requireNonNull(caps, "caps");
    Objects.requireNonNull(modules, "modules");
  }

  /** Telling nobody of recoveries and passivations. */
  public SessionDependencies(
      StanzaRouting routing, OfflineMessages offline, Clock clock, AccountDirectory accounts,
      PepHandler pep, CapsDirectory caps, Modules modules, AccountQuotas quotas) {
    this(routing, offline, clock, accounts, pep, caps, modules, quotas, EntityLifecycle.NONE);
  }

  /** With the default quotas ({@link AccountQuotas#DEFAULTS}). */
  public SessionDependencies(
      StanzaRouting routing, OfflineMessages offline, Clock clock, AccountDirectory accounts,
      PepHandler pep, CapsDirectory caps, Modules modules) {
    this(routing, offline, clock, accounts, pep, caps, modules, AccountQuotas.DEFAULTS);
  }

  /** The standard modules ({@link StandardModules}). */
  public SessionDependencies(
      StanzaRouting routing, OfflineMessages offline, Clock clock, AccountDirectory accounts,
      PepHandler pep, CapsDirectory caps) {
    this(routing, offline, clock, accounts, pep, caps, StandardModules.of(pep, clock));
  }

  /** No PEP; caps cached in this JVM. */
  public SessionDependencies(StanzaRouting routing, OfflineMessages offline, Clock clock, AccountDirectory accounts) {
    this(routing, offline, clock, accounts, PepHandler.none(), CapsDirectory.local());
  }

  /** Every account exists (see {@link AccountDirectory#everyAccountExists()}). */
  public SessionDependencies(StanzaRouting routing, OfflineMessages offline, Clock clock) {
    this(routing, offline, clock, AccountDirectory.everyAccountExists());
  }
}
