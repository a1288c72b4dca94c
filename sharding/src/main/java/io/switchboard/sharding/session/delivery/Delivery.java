package io.switchboard.sharding.session.delivery;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.OnlineResources.Resource;
import java.util.List;

/**
 * One message on its way to the account's resources.
 *
 * @param stanza the message as it will be written (a stage may change it, e.g. stamp an id)
 * @param resource the resource of the full JID it was addressed to, or null for the bare JID
 * @param targets the resources it goes to, once chosen (RFC 6121 §8.5); empty before that, and
 *     when nobody can take it
 */
public record Delivery(XmlElement stanza, String resource, List<Resource> targets) {
  public Delivery {
    targets = List.copyOf(targets);
  }

  public static Delivery of(XmlElement stanza, String resource) {
    return new Delivery(stanza, resource, List.of());
  }

  public Delivery withStanza(XmlElement newStanza) {
    return new Delivery(newStanza, resource, targets);
  }

  public Delivery withTargets(List<Resource> newTargets) {
    return new Delivery(stanza, resource, newTargets);
  }
}
