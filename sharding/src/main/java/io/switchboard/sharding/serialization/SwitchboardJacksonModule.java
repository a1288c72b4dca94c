package io.switchboard.sharding.serialization;

import com.fasterxml.jackson.databind.module.SimpleModule;
import io.switchboard.protocol.jid.Jids;
import io.switchboard.protocol.xml.XmlElement;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;

/**
 * Jackson support for the protocol module's types: {@link XmlElement} (structurally, see
 * {@link XmlElementJson}) and jxmpp JIDs (as strings). Pekko instantiates it by class name from
 * {@code pekko.serialization.jackson.jackson-cbor.jackson-modules} (set in reference.conf).
 */
public final class SwitchboardJacksonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  public SwitchboardJacksonModule() {
    super("SwitchboardJacksonModule");
    Jids.init();
    addSerializer(XmlElement.class, new XmlElementJson.Serializer());
    addDeserializer(XmlElement.class, new XmlElementJson.Deserializer());
    addSerializer(Jid.class, new JidJson.Serializer());
    addDeserializer(Jid.class, new JidJson.Deserializer<>(Jid.class, j -> j));
    addDeserializer(BareJid.class,
        new JidJson.Deserializer<>(BareJid.class, j -> j.hasResource() ? null : j.asBareJid()));
    addDeserializer(EntityBareJid.class,
        new JidJson.Deserializer<>(EntityBareJid.class,
            j -> j.hasResource() ? null : j.asEntityBareJidIfPossible()));
    addDeserializer(EntityFullJid.class,
        new JidJson.Deserializer<>(EntityFullJid.class, Jid::asEntityFullJidIfPossible));
    addDeserializer(DomainBareJid.class,
        new JidJson.Deserializer<>(DomainBareJid.class,
            j -> j.isDomainBareJid() ? j.asDomainBareJid() : null));
  }
}
