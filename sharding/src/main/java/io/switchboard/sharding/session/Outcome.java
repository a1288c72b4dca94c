package io.switchboard.sharding.session;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * What a part of the session decided for one command: the events to persist, what to do once they
 * are persisted (with the new state), an optional reply, and whether the stash is involved. The
 * {@link UserSession} turns it into Pekko's effect; parts never touch the effect API, so their
 * decisions can be built and tested without an actor.
 *
 * <p>With no events, {@code then} runs at once, on the current state, inside the command handler
 * (as a side effect before an empty persist would). Immutable.
 */
public final class Outcome {
  private static final Outcome NONE = new Outcome(List.of(), null, null, false, false);
  private static final Outcome STASH = new Outcome(List.of(), null, null, true, false);
  private static final Outcome STOP = new Outcome(List.of(), null, null, false, false);

  private final List<UserSession.Event> events;
  private final Consumer<Account> then;
  private final Reply<?> reply;
  private final boolean stash;
  private final boolean unstashAll;

  /** A reply to send once the events are persisted, computed from the new state. */
  record Reply<R>(ActorRef<R> to, Function<Account, R> answer) {
    ReplyEffect<UserSession.Event, Account> after(EffectBuilder<UserSession.Event, Account> effect) {
      return effect.thenReply(to, answer::apply);
    }
  }

  private Outcome(List<UserSession.Event> events, Consumer<Account> then, Reply<?> reply, boolean stash,
      boolean unstashAll) {
    this.events = events;
    this.then = then;
    this.reply = reply;
    this.stash = stash;
    this.unstashAll = unstashAll;
  }

  /** Nothing to persist, nothing to do. */
  public static Outcome none() {
    return NONE;
  }

  /** Stop the entity (sharding's stop message: passivation or hand-off). */
  public static Outcome stop() {
    return STOP;
  }

  boolean stops() {
    return this == STOP;
  }

  /** Keep the command for later ({@code unstashAll} of a later outcome replays it). */
  public static Outcome stash() {
    return STASH;
  }

  public static Outcome persist(UserSession.Event event) {
    return new Outcome(List.of(event), null, null, false, false);
  }

  /** {@code events} in order; an empty list is {@link #none()}. */
  public static Outcome persist(List<? extends UserSession.Event> events) {
    return events.isEmpty() ? NONE : new Outcome(List.copyOf(events), null, null, false, false);
  }

  /** Runs {@code action} once the events are persisted (at once when there are none). */
  public Outcome then(Consumer<Account> action) {
    Consumer<Account> combined = then == null ? action : then.andThen(action);
    return new Outcome(events, combined, reply, stash, unstashAll);
  }

  /** As {@link #then(Consumer)} for an action that does not need the state. */
  public Outcome then(Runnable action) {
    return then(state -> action.run());
  }

  /** Replies to {@code to} with {@code answer} of the new state, after {@code then}. */
  public <R> Outcome replyFrom(ActorRef<R> to, Function<Account, R> answer) {
    return new Outcome(events, then, new Reply<>(to, answer), stash, unstashAll);
  }

  /** Replies {@code value} (after the events are persisted, if any). */
  public <R> Outcome reply(ActorRef<R> to, R value) {
    return replyFrom(to, state -> value);
  }

  /** Replays the stash once this outcome is done. */
  public Outcome unstashAll() {
    return new Outcome(events, then, reply, stash, true);
  }

  /**
   * Tests of one part: what the entity does with this outcome, without persisting: the events are
   * applied to {@code state} and the action runs on the result. Returns the new state.
   */
  public Account applyTo(Account state) {
    Account next = state;
    for (UserSession.Event e : events) {
      next = next.apply(e);
    }
    if (then != null) {
      then.accept(next);
    }
    return next;
  }

  /** Tests of one part: the reply this outcome sends, from {@code state} (null when none). */
  public Object replyValue(Account state) {
    return reply == null ? null : reply.answer().apply(state);
  }

  public boolean stashed() {
    return stash;
  }

  public boolean unstashesAll() {
    return unstashAll;
  }

  public List<UserSession.Event> events() {
    return events;
  }

  Consumer<Account> action() {
    return then;
  }

  Reply<?> replyToSend() {
    return reply;
  }

  boolean stashes() {
    return stash;
  }

  boolean unstashes() {
    return unstashAll;
  }
}
