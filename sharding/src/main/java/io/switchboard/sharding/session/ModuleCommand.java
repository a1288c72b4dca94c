package io.switchboard.sharding.session;

/**
 * A command a module's stateless handler sends its account's entity (the answer of a store it
 * asked, through {@link SessionContext#pipeToSelf}, or a timer): the entity runs it on its own
 * thread with its context and state, and applies the {@link Outcome}. So a module adds the
 * asynchronous steps it needs without the entity knowing it.
 *
 * <p>These commands only ever go from an entity to itself: they are never serialized, and may
 * hold the handler that made them.
 */
public interface ModuleCommand extends UserSession.Command {

  /** What to do with the account now. */
  Outcome run(SessionContext ctx, Account state);
}
