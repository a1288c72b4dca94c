package io.switchboard.sharding.privatedata;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.UserSession;

/** XEP-0049: a private XML element was stored (replacing the one of the same name and namespace). */
public record PrivateXmlStored(XmlElement element) implements UserSession.Event {}
