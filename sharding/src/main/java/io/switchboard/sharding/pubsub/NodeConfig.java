package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A leaf node's configuration (XEP-0060 §16.4.4 {@code pubsub#node_config}), persisted with the
 * node. {@link #toForm} renders it, {@link #withForm} applies a submitted form and
 * {@link #satisfies} checks publish-options preconditions (§7.1.5).
 */
public record NodeConfig(
    String title,
    String description,
    AccessModel accessModel,
    List<String> rosterGroupsAllowed,
    PublishModel publishModel,
    int maxItems,
    boolean persistItems,
    boolean deliverPayloads,
    boolean deliverNotifications,
    boolean notifyRetract,
    boolean notifyDelete,
    boolean notifyConfig,
    boolean subscribe,
    SendLastPublished sendLastPublishedItem,
    NotificationType notificationType,
    String payloadType,
    String feedUrl,
    int feedIntervalSeconds) {

  /** Longest {@code pubsub#feed_interval} accepted: one day. */
  public static final int MAX_FEED_INTERVAL_SECONDS = 86_400;

  public NodeConfig {
    title = title == null ? "" : title;
    description = description == null ? "" : description;
    rosterGroupsAllowed = List.copyOf(rosterGroupsAllowed);
    payloadType = payloadType == null ? "" : payloadType;
    feedUrl = feedUrl == null ? "" : feedUrl;
  }

  /** A node configuration without a feed (the form fields this service had before feeds). */
  public NodeConfig(String title, String description, AccessModel accessModel,
      List<String> rosterGroupsAllowed, PublishModel publishModel, int maxItems,
      boolean persistItems, boolean deliverPayloads, boolean deliverNotifications,
      boolean notifyRetract, boolean notifyDelete, boolean notifyConfig, boolean subscribe,
      SendLastPublished sendLastPublishedItem, NotificationType notificationType,
      String payloadType) {
    this(title, description, accessModel, rosterGroupsAllowed, publishModel, maxItems,
        persistItems, deliverPayloads, deliverNotifications, notifyRetract, notifyDelete,
        notifyConfig, subscribe, sendLastPublishedItem, notificationType, payloadType, "", 0);
  }

  /** True when a feed (RSS or Atom URL) publishes into this node. */
  public boolean hasFeed() {
    return !feedUrl.isEmpty();
  }

  /** pubsub#access_model (§4.5). */
  public enum AccessModel {
    OPEN, PRESENCE, ROSTER, WHITELIST, AUTHORIZE;

    String xml() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** pubsub#publish_model. */
  public enum PublishModel {
    PUBLISHERS, SUBSCRIBERS, OPEN;

    String xml() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** pubsub#send_last_published_item. */
  public enum SendLastPublished {
    NEVER, ON_SUB, ON_SUB_AND_PRESENCE;

    String xml() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** pubsub#notification_type: the message type of event notifications. */
  public enum NotificationType {
    NORMAL, HEADLINE;

    String xml() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A node at {@code pubsub.<domain>}: open, {@code maxItems} kept, payloads delivered, retract
   * and delete notified, configuration changes not (opt in with notify_config), last item on
   * subscribe, headline notifications (never stored offline).
   */
  public static NodeConfig serviceDefaults(int maxItems) {
    return new NodeConfig("", "", AccessModel.OPEN, List.of(), PublishModel.PUBLISHERS, maxItems,
        true, true, true, true, true, false, true, SendLastPublished.ON_SUB,
        NotificationType.HEADLINE, "");
  }

  /**
   * A PEP node (XEP-0163 §4.3): presence access, one item, last item on subscribe and when a
   * contact comes online; configuration changes are not broadcast to the contacts.
   */
  public static NodeConfig pepDefaults() {
    return new NodeConfig("", "", AccessModel.PRESENCE, List.of(), PublishModel.PUBLISHERS, 1,
        true, true, true, true, true, false, true, SendLastPublished.ON_SUB_AND_PRESENCE,
        NotificationType.HEADLINE, "");
  }

  /** The result of {@link #withForm}: the new configuration, or the field at fault. */
  public record Applied(NodeConfig config, String invalidField) {
    boolean ok() {
      return invalidField == null;
    }
  }

  /**
   * Applies a submitted {@code pubsub#node_config} (or publish-options) form. Unknown fields are
   * ignored (§8.2.4: a service need not support every option); a known field with a value it
   * cannot take names the field at fault.
   */
  public Applied withForm(DataForm form, int maxItemsLimit) {
    NodeConfig c = this;
    for (var e : form.fields().entrySet()) {
      String var = e.getKey();
      List<String> values = e.getValue();
      String v = values.isEmpty() ? "" : values.get(0).trim();
      Optional<NodeConfig> next = c.with(var, v, values, maxItemsLimit);
      if (next == null) {
        continue;
      }
      if (next.isEmpty()) {
        return new Applied(this, var);
      }
      c = next.get();
    }
    return new Applied(c, null);
  }

  /** Known field: the changed config, or empty when the value is invalid; unknown field: null. */
  private Optional<NodeConfig> with(String var, String v, List<String> values, int limit) {
    NodeConfig next;
    try {
      next = switch (var) {
        case "pubsub#title" -> copy(b -> b.title = v);
        case "pubsub#description" -> copy(b -> b.description = v);
        case "pubsub#access_model" -> copy(b -> b.accessModel =
            AccessModel.valueOf(v.toUpperCase(Locale.ROOT)));
        case "pubsub#roster_groups_allowed" -> copy(b -> b.rosterGroupsAllowed =
            values.stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
        case "pubsub#publish_model" -> copy(b -> b.publishModel =
            PublishModel.valueOf(v.toUpperCase(Locale.ROOT)));
        case "pubsub#max_items" -> copy(b -> b.maxItems = maxItems(v, limit));
        case "pubsub#persist_items" -> copy(b -> b.persistItems = bool(v));
        case "pubsub#deliver_payloads" -> copy(b -> b.deliverPayloads = bool(v));
        case "pubsub#deliver_notifications" -> copy(b -> b.deliverNotifications = bool(v));
        case "pubsub#notify_retract" -> copy(b -> b.notifyRetract = bool(v));
        case "pubsub#notify_delete" -> copy(b -> b.notifyDelete = bool(v));
        case "pubsub#notify_config" -> copy(b -> b.notifyConfig = bool(v));
        case "pubsub#subscribe" -> copy(b -> b.subscribe = bool(v));
        case "pubsub#send_last_published_item" -> copy(b -> b.sendLast =
            SendLastPublished.valueOf(v.toUpperCase(Locale.ROOT)));
        case "pubsub#notification_type" -> copy(b -> b.notificationType =
            NotificationType.valueOf(v.toUpperCase(Locale.ROOT)));
        case "pubsub#type" -> copy(b -> b.payloadType = v);
        // Switchboard's own fields: a feed (RSS/Atom URL, normalised; empty detaches) that
        // publishes into the node, and its poll interval in seconds (0: the server's default).
        case FEED_URL -> copy(b -> b.feedUrl = v.isEmpty() ? "" : feedUrl(v));
        case FEED_INTERVAL -> copy(b -> b.feedIntervalSeconds = feedInterval(v));
        case "pubsub#node_type" -> {
          if (!v.equals("leaf")) {
            throw new IllegalArgumentException("collection nodes are not supported");
          }
          yield this;
        }
        default -> null;
      };
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return next == null ? null : Optional.of(next);
  }

  /**
   * Publish-options preconditions (§7.1.5): every field must be one this service knows and the
   * node's value must equal the requested one.
   */
  public boolean satisfies(DataForm options, int maxItemsLimit) {
    for (var e : options.fields().entrySet()) {
      String v = e.getValue().isEmpty() ? "" : e.getValue().get(0).trim();
      Optional<NodeConfig> wanted = with(e.getKey(), v, e.getValue(), maxItemsLimit);
      if (wanted == null || wanted.isEmpty() || !wanted.get().equals(this)) {
        return false;
      }
    }
    return true;
  }

  /** The configuration as a form of {@code type}: "form" to configure, "result" to notify. */
  public XmlElement toForm(String type) {
    DataForm.Builder f = DataForm.builder(type, PubSubNamespaces.NODE_CONFIG);
    f.field("pubsub#title", "text-single", "A friendly name for the node", list(title));
    f.field("pubsub#description", "text-single", "A description of the node", list(description));
    f.field("pubsub#node_type", "list-single", "Node type", List.of("leaf"), List.of("leaf"));
    f.field("pubsub#access_model", "list-single", "Who may subscribe and retrieve items",
        List.of(accessModel.xml()), names(AccessModel.values()));
    f.field("pubsub#roster_groups_allowed", "list-multi",
        "Roster groups allowed to subscribe (roster access model)", rosterGroupsAllowed);
    f.field("pubsub#publish_model", "list-single", "Who may publish",
        List.of(publishModel.xml()), names(PublishModel.values()));
    f.field("pubsub#max_items", "text-single", "Maximum number of items to persist",
        List.of(String.valueOf(maxItems)));
    f.field("pubsub#persist_items", "boolean", "Persist items", List.of(b(persistItems)));
    f.field("pubsub#deliver_payloads", "boolean", "Deliver payloads with event notifications",
        List.of(b(deliverPayloads)));
    f.field("pubsub#deliver_notifications", "boolean", "Deliver event notifications",
        List.of(b(deliverNotifications)));
    f.field("pubsub#notify_retract", "boolean", "Notify subscribers when items are removed",
        List.of(b(notifyRetract)));
    f.field("pubsub#notify_delete", "boolean", "Notify subscribers when the node is deleted",
        List.of(b(notifyDelete)));
    f.field("pubsub#notify_config", "boolean",
        "Notify subscribers when the node configuration changes", List.of(b(notifyConfig)));
    f.field("pubsub#subscribe", "boolean", "Whether to allow subscriptions",
        List.of(b(subscribe)));
    f.field("pubsub#send_last_published_item", "list-single", "When to send the last item",
        List.of(sendLastPublishedItem.xml()), names(SendLastPublished.values()));
    f.field("pubsub#notification_type", "list-single", "Message type of notifications",
        List.of(notificationType.xml()), names(NotificationType.values()));
    f.field("pubsub#type", "text-single", "Payload type", list(payloadType));
    f.field(FEED_URL, "text-single", "RSS or Atom feed whose entries are published here",
        list(feedUrl));
    f.field(FEED_INTERVAL, "text-single", "Seconds between fetches of the feed (0: default)",
        List.of(String.valueOf(feedIntervalSeconds)));
    return f.build();
  }

  private static List<String> list(String s) {
    return s.isEmpty() ? List.of() : List.of(s);
  }

  private static String b(boolean v) {
    return v ? "true" : "false";
  }

  private static List<String> names(Enum<?>[] values) {
    List<String> out = new ArrayList<>();
    for (Enum<?> e : values) {
      out.add(e.name().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  static boolean bool(String v) {
    return switch (v) {
      case "1", "true" -> true;
      case "0", "false" -> false;
      default -> throw new IllegalArgumentException("not a boolean: " + v);
    };
  }

  /** The node configuration field naming the feed that publishes into the node. */
  public static final String FEED_URL = "pubsub#feed_url";

  /** The node configuration field with the feed's poll interval in seconds. */
  public static final String FEED_INTERVAL = "pubsub#feed_interval";

  private static String feedUrl(String v) {
    return io.switchboard.sharding.feed.FeedKeys.normalise(v)
        .orElseThrow(() -> new IllegalArgumentException("not an http(s) URL"));
  }

  private static int feedInterval(String v) {
    int n = v.isEmpty() ? 0 : Integer.parseInt(v);
    if (n < 0 || n > MAX_FEED_INTERVAL_SECONDS) {
      throw new IllegalArgumentException("feed_interval out of range");
    }
    return n;
  }

  private static int maxItems(String v, int limit) {
    if (v.equals("max")) {
      return limit;
    }
    int n = Integer.parseInt(v);
    if (n < 1 || n > limit) {
      throw new IllegalArgumentException("max_items out of range");
    }
    return n;
  }

  private NodeConfig copy(java.util.function.Consumer<Mutable> change) {
    Mutable m = new Mutable(this);
    change.accept(m);
    return m.build();
  }

  /** A scratch copy for {@link #copy}. */
  private static final class Mutable {
    String title;
    String description;
    AccessModel accessModel;
    List<String> rosterGroupsAllowed;
    PublishModel publishModel;
    int maxItems;
    boolean persistItems;
    boolean deliverPayloads;
    boolean deliverNotifications;
    boolean notifyRetract;
    boolean notifyDelete;
    boolean notifyConfig;
    boolean subscribe;
    SendLastPublished sendLast;
    NotificationType notificationType;
    String payloadType;
    String feedUrl;
    int feedIntervalSeconds;

    Mutable(NodeConfig c) {
      title = c.title;
      description = c.description;
      accessModel = c.accessModel;
      rosterGroupsAllowed = c.rosterGroupsAllowed;
      publishModel = c.publishModel;
      maxItems = c.maxItems;
      persistItems = c.persistItems;
      deliverPayloads = c.deliverPayloads;
      deliverNotifications = c.deliverNotifications;
      notifyRetract = c.notifyRetract;
      notifyDelete = c.notifyDelete;
      notifyConfig = c.notifyConfig;
      subscribe = c.subscribe;
      sendLast = c.sendLastPublishedItem;
      notificationType = c.notificationType;
      payloadType = c.payloadType;
      feedUrl = c.feedUrl;
      feedIntervalSeconds = c.feedIntervalSeconds;
    }

    NodeConfig build() {
      return new NodeConfig(title, description, accessModel, rosterGroupsAllowed, publishModel,
          maxItems, persistItems, deliverPayloads, deliverNotifications, notifyRetract,
          notifyDelete, notifyConfig, subscribe, sendLast, notificationType, payloadType, feedUrl,
          feedIntervalSeconds);
    }
  }
}
