package io.switchboard.sharding.serialization;

/**
 * Marker for every message, event and snapshot that crosses the cluster or goes to the journal.
 * Bound to Pekko's {@code jackson-cbor} serializer in this module's {@code reference.conf}, which
 * also registers {@link SwitchboardJacksonModule} so these types may carry {@code XmlElement}s and
 * jxmpp JIDs.
 */
public interface CborSerializable {}
