package io.switchboard.sharding.remotepresence;

/**
 * Published cluster-wide (topic {@link PeerLossRelay#TOPIC}) when a stream from {@code domain}
 * authenticated again after its loss was announced ({@link PeerLost}): the accounts that had
 * contacts there probe them (RFC 6121 §4.3) to learn their current presence.
 */
public record PeerReturned(String domain) implements PeerEvent {}
