package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * An XEP-0060 IQ parsed into what it asks for. Parsing is pure: the service parses to find the
 * node (and answer service-level requests), the {@link PubSubNode} parses again to act. A
 * request that cannot be valid is an {@link Invalid} carrying the exact XEP-0060 error.
 */
sealed interface PubSubRequest {

  /** The node the request is about; null for service-level requests and instant creation. */
  String node();

  record Create(String node, DataForm config) implements PubSubRequest {}

  record DefaultConfig() implements PubSubRequest {
    @Override
    public String node() {
      return null;
    }
  }

  record ConfigureGet(String node) implements PubSubRequest {}

  record ConfigureSet(String node, DataForm form) implements PubSubRequest {}

  record Delete(String node, String redirect) implements PubSubRequest {}

  record Purge(String node) implements PubSubRequest {}

  record Subscribe(String node, String jid, DataForm options) implements PubSubRequest {}

  record Unsubscribe(String node, String jid, String subid) implements PubSubRequest {}

  record OptionsGet(String node, String jid, String subid) implements PubSubRequest {}

  record OptionsSet(String node, String jid, String subid, DataForm form)
      implements PubSubRequest {}

  /** {@code item} is null when the publish has no item; {@code payloads} counts its elements. */
  record Publish(String node, XmlElement item, int items, DataForm options)
      implements PubSubRequest {}

  record Retract(String node, List<String> ids, boolean notifyRequested) implements PubSubRequest {}

  /** Items retrieval: all, by {@code ids}, the newest {@code maxItems}, or an RSM page. */
  record Items(String node, List<String> ids, Integer maxItems, Rsm rsm) implements PubSubRequest {}

  /** XEP-0059 request: {@code before} is "" for "the last page". */
  record Rsm(Integer max, String after, String before, Integer index) {}

  record UserSubscriptions(String node) implements PubSubRequest {}

  record UserAffiliations(String node) implements PubSubRequest {}

  record OwnerSubscriptionsGet(String node) implements PubSubRequest {}

  record OwnerSubscriptionsSet(String node, List<XmlElement> entries) implements PubSubRequest {}

  record OwnerAffiliationsGet(String node) implements PubSubRequest {}

  record OwnerAffiliationsSet(String node, List<XmlElement> entries) implements PubSubRequest {}

  record DiscoInfo(String node) implements PubSubRequest {}

  record DiscoItems(String node) implements PubSubRequest {}

  record Invalid(String node, PubSubError error) implements PubSubRequest {}

  /** Parses an IQ of type get or set; anything that is not pub-sub or disco is Invalid. */
  static PubSubRequest parse(XmlElement iq) {
    String type = iq.attr("type");
    boolean get = "get".equals(type);
    boolean set = "set".equals(type);
    List<XmlElement> payloads = iq.elements();
    if ((!get && !set) || payloads.size() != 1) {
      return new Invalid(null, PubSubError.BAD_REQUEST);
    }
    XmlElement p = payloads.get(0);
    String ns = p.namespace();
    if (ns.equals(PubSubNamespaces.DISCO_INFO) && p.name().equals("query") && get) {
      return new DiscoInfo(emptyToNull(p.attr("node")));
    }
    if (ns.equals(PubSubNamespaces.DISCO_ITEMS) && p.name().equals("query") && get) {
      return new DiscoItems(emptyToNull(p.attr("node")));
    }
    if (!p.name().equals("pubsub")) {
      return new Invalid(null, PubSubError.SERVICE_UNAVAILABLE);
    }
    if (ns.equals(PubSubNamespaces.PUBSUB)) {
      return user(p, get);
    }
    if (ns.equals(PubSubNamespaces.OWNER)) {
      return owner(p, get);
    }
    return new Invalid(null, PubSubError.SERVICE_UNAVAILABLE);
  }

  /**
   * The action element: the first child that is not a qualifier (options, configure,
   * publish-options, RSM set); the qualifier itself when it stands alone (options, configure).
   */
  private static XmlElement action(List<XmlElement> children) {
    for (XmlElement c : children) {
      if (!java.util.Set.of("options", "configure", "publish-options", "set")
          .contains(c.name())) {
        return c;
      }
    }
    return children.get(0);
  }

  private static PubSubRequest user(XmlElement pubsub, boolean get) {
    List<XmlElement> children = pubsub.elements();
    if (children.isEmpty()) {
      return new Invalid(null, PubSubError.BAD_REQUEST);
    }
    XmlElement action = action(children);
    String node = emptyToNull(action.attr("node"));
    String n = PubSubNamespaces.PUBSUB;
    return switch (action.name()) {
      case "create" -> get ? badRequest(node) : new Create(node,
          pubsub.child("configure", n).flatMap(DataForm::in).orElse(null));
      case "subscribe" -> get ? badRequest(node) : requireNode(node, () -> new Subscribe(node,
          action.attr("jid"), pubsub.child("options", n).flatMap(DataForm::in).orElse(null)));
      case "unsubscribe" -> get ? badRequest(node) : requireNode(node,
          () -> new Unsubscribe(node, action.attr("jid"), emptyToNull(action.attr("subid"))));
      case "options" -> requireNode(node, () -> get
          ? new OptionsGet(node, action.attr("jid"), emptyToNull(action.attr("subid")))
          : DataForm.in(action)
              .<PubSubRequest>map(f -> new OptionsSet(node, action.attr("jid"),
                  emptyToNull(action.attr("subid")), f))
              .orElse(new Invalid(node, PubSubError.INVALID_OPTIONS)));
      case "publish" -> get ? badRequest(node) : requireNode(node, () -> {
        List<XmlElement> items = action.elements("item", n);
        return new Publish(node, items.isEmpty() ? null : items.get(0), items.size(),
            pubsub.child("publish-options", n).flatMap(DataForm::in).orElse(null));
      });
      case "retract" -> get ? badRequest(node) : requireNode(node, () -> {
        List<String> ids = new ArrayList<>();
        for (XmlElement item : action.elements("item", n)) {
          if (item.attr("id") == null || item.attr("id").isEmpty()) {
            return new Invalid(node, PubSubError.ITEM_REQUIRED);
          }
          ids.add(item.attr("id"));
        }
        if (ids.isEmpty()) {
          return new Invalid(node, PubSubError.ITEM_REQUIRED);
        }
        String notify = action.attr("notify");
        return new Retract(node, ids, "true".equals(notify) || "1".equals(notify));
      });
      case "items" -> !get ? badRequest(node)
          : requireNode(node, () -> items(pubsub, action, node));
      case "subscriptions" -> get ? new UserSubscriptions(node) : badRequest(node);
      case "affiliations" -> get ? new UserAffiliations(node) : badRequest(node);
      case "default" -> get ? new DefaultConfig() : badRequest(node);
      default -> new Invalid(node, PubSubError.BAD_REQUEST);
    };
  }

  private static PubSubRequest items(XmlElement pubsub, XmlElement action, String node) {
    List<String> ids = new ArrayList<>();
    for (XmlElement item : action.elements("item", PubSubNamespaces.PUBSUB)) {
      if (item.attr("id") != null) {
        ids.add(item.attr("id"));
      }
    }
    Integer max = null;
    if (action.attr("max_items") != null) {
      max = positive(action.attr("max_items"));
      if (max == null) {
        return new Invalid(node, PubSubError.BAD_REQUEST);
      }
    }
    Rsm rsm = null;
    XmlElement set = pubsub.child("set", PubSubNamespaces.RSM).orElse(null);
    if (set != null) {
      Integer rsmMax = null;
      String maxText = set.childText("max", PubSubNamespaces.RSM).orElse(null);
      if (maxText != null) {
        rsmMax = nonNegative(maxText);
        if (rsmMax == null) {
          return new Invalid(node, PubSubError.BAD_REQUEST);
        }
      }
      Integer index = null;
      String indexText = set.childText("index", PubSubNamespaces.RSM).orElse(null);
      if (indexText != null) {
        index = nonNegative(indexText);
        if (index == null) {
          return new Invalid(node, PubSubError.BAD_REQUEST);
        }
      }
      rsm = new Rsm(rsmMax, set.childText("after", PubSubNamespaces.RSM).orElse(null),
          set.childText("before", PubSubNamespaces.RSM).orElse(null), index);
    }
    return new Items(node, List.copyOf(ids), max, rsm);
  }

  private static PubSubRequest owner(XmlElement pubsub, boolean get) {
    List<XmlElement> children = pubsub.elements();
    if (children.isEmpty()) {
      return new Invalid(null, PubSubError.BAD_REQUEST);
    }
    XmlElement action = action(children);
    String node = emptyToNull(action.attr("node"));
    String n = PubSubNamespaces.OWNER;
    return switch (action.name()) {
      case "configure" -> requireNode(node, () -> get
          ? new ConfigureGet(node)
          : DataForm.in(action).<PubSubRequest>map(f -> new ConfigureSet(node, f))
              .orElse(new Invalid(node, PubSubError.BAD_REQUEST)));
      case "default" -> get ? new DefaultConfig() : badRequest(node);
      case "delete" -> get ? badRequest(node) : requireNode(node, () -> new Delete(node,
          action.child("redirect", n).map(r -> r.attr("uri")).orElse(null)));
      case "purge" -> get ? badRequest(node) : requireNode(node, () -> new Purge(node));
      case "subscriptions" -> requireNode(node, () -> get
          ? new OwnerSubscriptionsGet(node)
          : new OwnerSubscriptionsSet(node, action.elements("subscription", n)));
      case "affiliations" -> requireNode(node, () -> get
          ? new OwnerAffiliationsGet(node)
          : new OwnerAffiliationsSet(node, action.elements("affiliation", n)));
      default -> new Invalid(node, PubSubError.BAD_REQUEST);
    };
  }

  private static PubSubRequest requireNode(
      String node, java.util.function.Supplier<PubSubRequest> then) {
    return node == null ? new Invalid(null, PubSubError.NODEID_REQUIRED) : then.get();
  }

  private static PubSubRequest badRequest(String node) {
    return new Invalid(node, PubSubError.BAD_REQUEST);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static Integer positive(String s) {
    Integer n = nonNegative(s);
    return n == null || n == 0 ? null : n;
  }

  private static Integer nonNegative(String s) {
    try {
      int n = Integer.parseInt(s.trim());
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
