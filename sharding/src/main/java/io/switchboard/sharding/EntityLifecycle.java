package io.switchboard.sharding;

/**
 * What the sharded, event-sourced entities of one type tell the node's metrics (issue #21) about
 * their lifecycle on this node: each start's recovery (journal and snapshot replay, from the
 * behaviour's setup to Pekko's {@code RecoveryCompleted} or {@code RecoveryFailed}), and each
 * passivation the entity asked of sharding after its idle timeout. One instance per entity type;
 * called from the entities' actors, so an implementation must be cheap and thread-safe.
 * {@link #NONE} counts nothing.
 */
public interface EntityLifecycle {
  /** One entity's recovery, begun when {@link #recovering()} was called. */
  interface Recovery {
    /** The state was recovered ({@code RecoveryCompleted}). */
    void completed();

    /** The recovery failed ({@code RecoveryFailed}); the entity stops. */
    void failed();
  }

  /** An entity of this type is being set up: its recovery begins now. */
  Recovery recovering();

  /** An entity of this type asked sharding to passivate it (it was idle). */
  void passivated();

  /** A recovery nobody times. */
  Recovery UNTIMED = new Recovery() {
    @Override
    public void completed() {}

    @Override
    public void failed() {}
  };

  EntityLifecycle NONE = new EntityLifecycle() {
    @Override
    public Recovery recovering() {
      return UNTIMED;
    }

    @Override
    public void passivated() {}
  };
}
