package io.switchboard.sharding.roster;

/**
 * The subscription state of one contact as RFC 6121 Appendix A names it: "None", "None + Pending
 * Out", ..., "Both". {@link #outbound} and {@link #inbound} are the four state tables of
 * Appendix A.2 (the user's server processing the user's outbound subscription stanzas) and A.3
 * (processing inbound ones). States the tables do not change are returned as they are.
 */
public record ContactState(boolean to, boolean from, boolean pendingOut, boolean pendingIn) {

  public static final ContactState NONE = new ContactState(false, false, false, false);

  public ContactState {
    // Appendix A.1: a pending request in a direction that is already subscribed cannot exist.
    pendingOut = pendingOut && !to;
    pendingIn = pendingIn && !from;
  }

  public Subscription subscription() {
    return Subscription.of(to, from);
  }

  /** Appendix A.2: the user sent presence of {@code type} to the contact. */
  public ContactState outbound(String type) {
    return switch (type) {
      // A.2.1: subscribe → Pending Out unless already To.
      case "subscribe" -> new ContactState(to, from, !to, pendingIn);
      // A.2.2: unsubscribe → To and Pending Out cancelled.
      case "unsubscribe" -> new ContactState(false, from, false, pendingIn);
      // A.2.3: subscribed → approves a pending inbound request (no pre-approval support).
      case "subscribed" -> pendingIn ? new ContactState(to, true, pendingOut, false) : this;
      // A.2.4: unsubscribed → From and Pending In cancelled.
      case "unsubscribed" -> new ContactState(to, false, pendingOut, false);
      default -> this;
    };
  }

  /** Appendix A.3: the contact sent presence of {@code type} to the user. */
  public ContactState inbound(String type) {
    return switch (type) {
      // A.3.1: subscribe → Pending In unless already From (then the server auto-replies).
      case "subscribe" -> new ContactState(to, from, pendingOut, !from);
      // A.3.2: unsubscribe → From and Pending In cancelled.
      case "unsubscribe" -> new ContactState(to, false, pendingOut, false);
      // A.3.3: subscribed → only answers a pending outbound request.
      case "subscribed" -> pendingOut ? new ContactState(true, from, false, pendingIn) : this;
      // A.3.4: unsubscribed → To and Pending Out cancelled.
      case "unsubscribed" -> new ContactState(false, from, false, pendingIn);
      default -> this;
    };
  }
}
