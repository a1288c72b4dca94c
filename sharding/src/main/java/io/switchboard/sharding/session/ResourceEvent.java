package io.switchboard.sharding.session;

/**
 * What binding persists about the account's resources: enough for an incarnation restarted after
 * a node crash to know which resources were online (those whose node left the cluster are
 * announced unavailable at once, the others unless their connection re-attaches in time), and
 * when the last one left (XEP-0012) and when one last bound (XEP-0133's last login).
 */
public sealed interface ResourceEvent extends UserSession.Event {

  /**
   * A connection on cluster node {@code node} (its address) bound {@code resource}: a login.
   * {@code at}: when (null in events written before it was recorded; XEP-0133 get-user-lastlogin).
   */
  record ResourceOnline(String resource, String node, java.time.Instant at) implements ResourceEvent {
    public ResourceOnline(String resource, String node) {
      this(resource, node, null);
    }
  }

  /**
   * {@code resource} is no longer bound (see {@link ResourceOnline}); a parked session ends.
   * {@code at}: when (null in events written before it was recorded).
   */
  record ResourceOffline(String resource, java.time.Instant at) implements ResourceEvent {
    public ResourceOffline(String resource) {
      this(resource, null);
    }
  }
}
