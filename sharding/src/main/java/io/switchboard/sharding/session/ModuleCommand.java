package io.switchboard.sharding.session;

/**
 * A command a module sends its own account's entity (through {@link SessionContext#pipeToSelf} or
 * {@link SessionContext#tellSelf}) to finish, on the entity's thread, what it began elsewhere: to
 * persist an event once a pub-sub answer is in, to deliver a reply to a resource. The entity runs
 * it with its context and state and turns the {@link Outcome} into effects, like any part's.
 * Local: it is never sent to another node (but keep it plain data, like every command).
 */
public interface ModuleCommand extends UserSession.Command {

  Outcome run(SessionContext ctx, Account state);
}
