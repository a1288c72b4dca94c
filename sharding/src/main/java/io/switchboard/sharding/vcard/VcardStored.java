package io.switchboard.sharding.vcard;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.UserSession;

/** XEP-0054: the account's vCard was replaced. */
public record VcardStored(XmlElement vcard) implements UserSession.Event {}
