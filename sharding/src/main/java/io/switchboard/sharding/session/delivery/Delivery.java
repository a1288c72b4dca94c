package io.switchboard.sharding.session.delivery;

import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.session.OnlineResources.Resource;
import java.util.List;

/**
 * One message on its way to the account's resources.
 *
 * @param stanza the message as it will be written (a stage may change it, e.g. stamp an id)
 * @param resource the resource of the full JID it was addressed to, or null for the bare JID (for
 *     a message the user sends: the sending resource)
 * @param targets the resources it goes to, once chosen (RFC 6121 §8.5); empty before that, and
 *     when nobody can take it
 * @param archivedAs the id under which the account's archive took a message the user sends (its
 *     XEP-0359 stanza-id, for copies to the user's own resources only), or null
 */
public record Delivery(XmlElement stanza, String resource, List<Resource> targets, String archivedAs) {
  public Delivery {
    targets = List.copyOf(targets);
  }

  public Delivery(XmlElement stanza, String resource, List<Resource> targets) {
    this(stanza, resource, targets, null);
  }

  public static Delivery of(XmlElement stanza, String resource) {
    return new Delivery(stanza, resource, List.of(), null);
  }

  public Delivery withStanza(XmlElement newStanza) {
    return new Delivery(newStanza, resource, targets, archivedAs);
  }

  public Delivery withTargets(List<Resource> newTargets) {
    return new Delivery(stanza, resource, newTargets, archivedAs);
  }

  public Delivery withArchivedAs(String id) {
    return new Delivery(stanza, resource, targets, id);
  }
}
