package io.switchboard.sharding.remotepresence;

/**
 * Published cluster-wide (topic {@link PeerLossRelay#TOPIC}) when no incoming stream from
 * {@code domain} is left anywhere in the cluster after one was lost.
 */
public record PeerLost(String domain) implements PeerEvent {}
