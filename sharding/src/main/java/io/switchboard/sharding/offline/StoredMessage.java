package io.switchboard.sharding.offline;

import io.switchboard.protocol.xml.XmlElement;
import java.time.Instant;
import java.util.UUID;

/** A message held for a user who was offline: its id in the store, the stanza, when it arrived. */
public record StoredMessage(UUID id, XmlElement stanza, Instant stamp) {}
