package io.switchboard.sharding.session;

import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.stanza.PresenceType;
import io.switchboard.protocol.stanza.Stanzas;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.account.AccountDirectory;
import io.switchboard.sharding.session.AccountEvent.AccountIncarnationAdopted;
import io.switchboard.sharding.session.AccountEvent.AccountIncarnationStarted;
import io.switchboard.sharding.session.AccountEvent.AccountRemoved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the account exists, and which incarnation of it the persisted state belongs to. After
 * recovery, and again when a new login binds, the entity asks the {@link AccountDirectory},
 * stashing every command until the answer comes. With no account, stanzas get the RFC 6121 §8.5.1
 * answers, nothing is stored or persisted, logins are refused and the entity passivates soon. An
 * account created again under the same name (its creation time differs from the incarnation in
 * the state) starts from an empty state ({@link AccountIncarnationStarted}), and
 * {@link UserSession.AccountDeleted} ends an account at once.
 */
final class AccountCheck {
  private static final Logger log = LoggerFactory.getLogger(AccountCheck.class);

  /** A directory that does not answer within this is taken as a failed check. */
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
  /** With no account, the entity passivates after at most this long. */
  private static final Duration ABSENT_LINGER = Duration.ofSeconds(10);

  /** The {@link AccountDirectory}'s answer: {@code createdAt} null when there is no account. */
  record AccountChecked(Instant createdAt, Throwable failure) implements UserSession.Command {}

  /** Where the entity stands on its account's existence. */
  enum Phase {
    /** Waiting for the directory; every command is stashed. */
    CHECKING,
    PRESENT,
    ABSENT
  }

  private final SessionContext ctx;
  private final AccountDirectory directory;
  private Phase phase = Phase.CHECKING;
  /** The start-up check waits for the first command (a login's bind may carry the answer). */
  private boolean checkDeferred;
  /** Binds stashed while the current check runs; they are answered by it, not checked again. */
  private int bindsAwaitingCheck;
  /** Binds of the last completed check still to come out of the stash. */
  private int bindsChecked;

  AccountCheck(SessionContext ctx, AccountDirectory directory) {
    this.ctx = ctx;
    this.directory = directory;
  }

  Phase phase() {
    return phase;
  }

  /** After recovery: check now, or (nothing to announce or expire) at the first command. */
  void afterRecovery(Account state) {
    if (state.online().isEmpty() && state.parked().isEmpty()) {
      // Usually the first command is the bind of a login that has just read the account.
      phase = Phase.CHECKING;
      checkDeferred = true;
    } else {
      check();
    }
  }

  /** Asks the directory; commands are stashed until {@link AccountChecked} arrives. */
  private void check() {
    phase = Phase.CHECKING;
    CompletionStage<Optional<Instant>> answer;
    try {
      answer = directory.createdAt(ctx.user()).toCompletableFuture().copy()
          .orTimeout(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    ctx.pipeToSelf(answer, (createdAt, failure) -> new AccountChecked(
        createdAt == null ? null : createdAt.orElse(null), failure));
  }

  /**
   * Stashed commands wait in the entity's bounded stash
   * ({@code pekko.persistence.typed.stash-capacity}); beyond it they are dropped and logged.
   */
  Outcome stashWhileChecking(UserSession.Command cmd) {
    if (checkDeferred) {
      checkDeferred = false;
      if (cmd instanceof UserSession.Bind b && b.accountCreatedAt() != null) {
        ctx.tellSelf(new AccountChecked(b.accountCreatedAt(), null)); // read by the login
      } else {
        check();
      }
    }
    if (cmd instanceof UserSession.Bind) {
      bindsAwaitingCheck++;
    }
    return Outcome.stash();
  }

  Outcome onChecked(Account state, AccountChecked cmd) {
    bindsChecked = bindsAwaitingCheck;
    bindsAwaitingCheck = 0;
    if (cmd.failure() != null) {
      // Fail open: a storage hiccup must not bounce a real user's messages or refuse their login.
      // The next login checks again.
      log.warn("{}: account check failed, assuming the account exists: {}", ctx.bare(), cmd.failure().toString());
      phase = Phase.PRESENT;
      if (ctx.resources().isEmpty()) {
        ctx.binding().expectReattach(state);
      }
      return Outcome.none().unstashAll();
    }
    Instant createdAt = cmd.createdAt();
    if (createdAt == null) {
      log.debug("{}: no such account", ctx.bare());
      ctx.binding().closeAll(state, "not-authorized");
      becomeAbsent();
      return Outcome.none().unstashAll();
    }
    phase = Phase.PRESENT;
    ctx.binding().updateIdleTimer();
    if (ctx.resources().isEmpty()) {
      ctx.binding().expectReattach(state);
    }
    if (createdAt.equals(Instant.EPOCH) || createdAt.equals(state.incarnation())) {
      return Outcome.none().unstashAll();
    }
    if (state.incarnation() == null) {
      // Journals written before incarnations were recorded: the state is this account's.
      return Outcome.persist(new AccountIncarnationAdopted(createdAt)).unstashAll();
    }
    log.info("{}: account created again ({}), starting from an empty state", ctx.bare(), createdAt);
    ctx.binding().closeAll(state, "not-authorized"); // logins of the previous owner
    return Outcome.persist(new AccountIncarnationStarted(createdAt))
        .then(() -> {
          ctx.inbox().deleteAll();
          ctx.modules().accountRemoved(ctx.user());
        })
        .unstashAll();
  }

  /**
   * A new login is where an account deleted and created again while this entity lived shows, so
   * each Bind checks the account once more (Binds stashed during a check share it).
   */
  Outcome onBind(Account state, UserSession.Bind cmd) {
    Instant read = cmd.accountCreatedAt();
    if (bindsChecked == 0 && phase == Phase.PRESENT && read != null
        && (read.equals(state.incarnation()) || read.equals(Instant.EPOCH))) {
      return ctx.binding().onBind(state, cmd); // the login just read this incarnation of the account
    }
    if (bindsChecked > 0) {
      bindsChecked--;
      if (phase == Phase.ABSENT) {
        // The node authenticated the user, so the account was deleted meanwhile.
        return Outcome.none().reply(cmd.replyTo(), new BindResult.Refused("not-authorized"));
      }
      return ctx.binding().onBind(state, cmd);
    }
    check();
    bindsAwaitingCheck++;
    return Outcome.stash();
  }

  /** XEP-0077 §3.2: the account is gone; so are its sessions, subscriptions and data. */
  Outcome onDeleted(Account state) {
    log.info("{}: account deleted", ctx.bare());
    ctx.binding().closeAll(state, "not-authorized");
    ctx.subscriptions().cancelAll(ctx, state);
    ctx.inbox().deleteAll();
    ctx.modules().accountRemoved(ctx.user());
    becomeAbsent();
    if (!state.hasData() && state.incarnation() == null) {
      return Outcome.none();
    }
    return Outcome.persist(AccountRemoved.INSTANCE);
  }

  /**
   * No account: passivate soon. Not at once, and through {@code Idle}, which passivates only with
   * no resource bound: a login of an account created again meanwhile keeps the entity.
   */
  private void becomeAbsent() {
    phase = Phase.ABSENT;
    Duration linger = ctx.settings().passivateAfter().compareTo(ABSENT_LINGER) <= 0
        ? ctx.settings().passivateAfter() : ABSENT_LINGER;
    ctx.binding().passivateWithin(linger);
  }

  /**
   * No such account. RFC 6121 §8.5.1: IQ requests and messages get {@code service-unavailable}
   * (errors never get an error), presence is dropped, a probe learns there is no subscription.
   * The entity neither persists nor stores anything.
   */
  void noSuchUser(XmlElement stanza) {
    boolean hasSender = stanza.attr("from") != null;
    switch (stanza.name()) {
      case "iq", "message" -> {
        if (hasSender) {
          Stanzas.errorReply(stanza, io.switchboard.protocol.error.StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE))
              .ifPresent(ctx.routing()::route);
        }
      }
      case "presence" -> {
        // Subscription requests and their answers are ignored too (§8.5.1: MUST silently ignore).
        Jid from = Jids.parse(stanza.attr("from")).orElse(null);
        if (PresenceType.of(stanza).orElse(null) == PresenceType.PROBE && from != null) {
          ctx.routing().route(Stanzas.presence(ctx.bare(), from.asBareJid().toString(), PresenceType.UNSUBSCRIBED));
        }
      }
      default -> { }
    }
  }

  /** The answer to a {@code NotifyTargets} with no account: nobody. */
  static UserSession.NotifyTargetsReply nobody() {
    return new UserSession.NotifyTargetsReply(List.of());
  }
}
