package io.switchboard.sharding.remotepresence;

import io.switchboard.sharding.serialization.CborSerializable;

/**
 * What {@link PeerStreams} publishes cluster-wide (topic {@link PeerLossRelay#TOPIC}) about one
 * remote domain: {@link PeerLost} or {@link PeerReturned}.
 */
public sealed interface PeerEvent extends CborSerializable permits PeerLost, PeerReturned {
  String domain();
}
