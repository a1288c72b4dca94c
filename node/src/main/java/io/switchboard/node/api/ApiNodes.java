package io.switchboard.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.util.Failures;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.feed.FeedKeys;
import io.switchboard.sharding.feed.FeedService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.jxmpp.jid.DomainBareJid;

/**
 * The pub-sub node operations of the API: each is the XEP-0060 owner or user request sent to the
 * service as the service's own JID (which owns every node of {@code pubsub.<domain>}), and the
 * answer turned into JSON. Errors map as: item-not-found 404 (field node), conflict 409,
 * forbidden 403, not-acceptable / bad-request / other modify errors 400, no answer 503.
 */
final class ApiNodes {
  private static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  private static final String OWNER = PUBSUB + "#owner";
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final DomainBareJid service;
  private final Function<XmlElement, CompletionStage<XmlElement>> ask;
  private final FeedService feeds;
  private final Duration timeout;

  ApiNodes(DomainBareJid service, Function<XmlElement, CompletionStage<XmlElement>> ask,
      FeedService feeds, Duration timeout) {
    this.service = service;
    this.ask = ask;
    this.feeds = feeds;
    this.timeout = timeout;
  }

  // ------------------------------------------------------------------------------- operations

  CompletionStage<HttpResponse> list() {
    XmlElement query = XmlElement.builder("query", "http://jabber.org/protocol/disco#items").build();
    return iq("get", query, reply -> {
      ArrayNode nodes = JSON.createArrayNode();
      reply.child("query", "http://jabber.org/protocol/disco#items").ifPresent(q ->
          q.elements().forEach(i -> nodes.add(i.attr("node"))));
      return ok(JSON.createObjectNode().set("nodes", nodes));
    });
  }

  CompletionStage<HttpResponse> create(byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (java.io.IOException e) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "body", "the body is not valid JSON").response());
    }
    if (json == null || !json.isObject()) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "body", "expected {\"node\": \"name\", \"config\": {...}}").response());
    }
    String node = json.path("node").asText("");
    if (!validNode(node)) {
      return done(badNode());
    }
    Map<String, List<String>> fields;
    try {
      fields = NodeConfigJson.fields(json.get("config"), "config");
      feedField(fields);
    } catch (NodeConfigJson.Invalid e) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, e.field, e.getMessage()).response());
    }
    XmlElement.Builder pubsub = XmlElement.builder("pubsub", PUBSUB)
        .child(XmlElement.builder("create", PUBSUB).attr("node", node));
    if (!fields.isEmpty()) {
      pubsub.child(XmlElement.builder("configure", PUBSUB).child(NodeConfigJson.submitForm(fields)));
    }
    return iq("set", pubsub.build(), reply -> JsonResponse.of(StatusCodes.CREATED,
        JSON.createObjectNode().put("node", node)));
  }

  CompletionStage<HttpResponse> get(String node) {
    XmlElement pubsub = XmlElement.builder("pubsub", OWNER)
        .child(XmlElement.builder("configure", OWNER).attr("node", node)).build();
    return iq("get", pubsub, reply -> {
      XmlElement form = reply.child("pubsub", OWNER).flatMap(p -> p.child("configure", OWNER))
          .flatMap(c -> c.child("x", "jabber:x:data")).orElse(null);
      ObjectNode o = JSON.createObjectNode().put("node", node);
      o.set("config", form == null ? JSON.createObjectNode() : NodeConfigJson.fromForm(form));
      return ok(o);
    });
  }

  CompletionStage<HttpResponse> configure(String node, byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (java.io.IOException e) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "body", "the body is not valid JSON").response());
    }
    Map<String, List<String>> fields;
    try {
      fields = NodeConfigJson.fields(json, "");
      feedField(fields);
    } catch (NodeConfigJson.Invalid e) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, e.field, e.getMessage()).response());
    }
    return configureFields(node, fields).thenCompose(r -> r.status().intValue() == 200 ? get(node) : done(r));
  }

  private CompletionStage<HttpResponse> configureFields(String node, Map<String, List<String>> fields) {
    XmlElement pubsub = XmlElement.builder("pubsub", OWNER)
        .child(XmlElement.builder("configure", OWNER).attr("node", node)
            .child(NodeConfigJson.submitForm(fields))).build();
    return iq("set", pubsub, reply -> ok(JSON.createObjectNode().put("node", node)));
  }

  CompletionStage<HttpResponse> delete(String node) {
    XmlElement pubsub = XmlElement.builder("pubsub", OWNER)
        .child(XmlElement.builder("delete", OWNER).attr("node", node)).build();
    return iq("set", pubsub, reply -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
  }

  CompletionStage<HttpResponse> items(String node, Optional<String> max) {
    XmlElement.Builder items = XmlElement.builder("items", PUBSUB).attr("node", node);
    if (max.isPresent()) {
      int n;
      try {
        n = Integer.parseInt(max.get());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > 10_000) {
        return done(ApiError.field(StatusCodes.BAD_REQUEST, "max", "max must be 1..10000").response());
      }
      items.attr("max_items", Integer.toString(n));
    }
    return iq("get", XmlElement.builder("pubsub", PUBSUB).child(items).build(), reply -> {
      ArrayNode out = JSON.createArrayNode();
      itemElements(reply).forEach(i -> out.add(itemJson(i)));
      return ok(JSON.createObjectNode().put("node", node).set("items", out));
    });
  }

  CompletionStage<HttpResponse> item(String node, String id) {
    XmlElement pubsub = XmlElement.builder("pubsub", PUBSUB)
        .child(XmlElement.builder("items", PUBSUB).attr("node", node)
            .child(XmlElement.builder("item", PUBSUB).attr("id", id))).build();
    return iq("get", pubsub, reply -> {
      List<XmlElement> found = itemElements(reply);
      return found.isEmpty()
          ? ApiError.field(StatusCodes.NOT_FOUND, "id", "no such item").response()
          : ok(itemJson(found.get(0)));
    }, "id");
  }

  CompletionStage<HttpResponse> retract(String node, String id) {
    XmlElement pubsub = XmlElement.builder("pubsub", PUBSUB)
        .child(XmlElement.builder("retract", PUBSUB).attr("node", node).attr("notify", "true")
            .child(XmlElement.builder("item", PUBSUB).attr("id", id))).build();
    return iq("set", pubsub, reply -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT), "id");
  }

  CompletionStage<HttpResponse> subscriptions(String node) {
    XmlElement pubsub = XmlElement.builder("pubsub", OWNER)
        .child(XmlElement.builder("subscriptions", OWNER).attr("node", node)).build();
    return iq("get", pubsub, reply -> {
      ArrayNode out = JSON.createArrayNode();
      reply.child("pubsub", OWNER).flatMap(p -> p.child("subscriptions", OWNER)).ifPresent(s ->
          s.elements().forEach(e -> out.add(JSON.createObjectNode().put("jid", e.attr("jid"))
              .put("subscription", e.attr("subscription")).put("subid", e.attr("subid")))));
      return ok(JSON.createObjectNode().put("node", node).set("subscriptions", out));
    });
  }

  CompletionStage<HttpResponse> affiliations(String node) {
    XmlElement pubsub = XmlElement.builder("pubsub", OWNER)
        .child(XmlElement.builder("affiliations", OWNER).attr("node", node)).build();
    return iq("get", pubsub, reply -> {
      ArrayNode out = JSON.createArrayNode();
      reply.child("pubsub", OWNER).flatMap(p -> p.child("affiliations", OWNER)).ifPresent(s ->
          s.elements().forEach(e -> out.add(JSON.createObjectNode().put("jid", e.attr("jid"))
              .put("affiliation", e.attr("affiliation")))));
      return ok(JSON.createObjectNode().put("node", node).set("affiliations", out));
    });
  }

  /** {@code PUT .../feed {"url": ..., "interval": seconds}}: the node's feed_url and interval. */
  CompletionStage<HttpResponse> attachFeed(String node, byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (java.io.IOException e) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "body", "the body is not valid JSON").response());
    }
    if (json == null || !json.isObject() || !json.path("url").isTextual()) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "url", "expected {\"url\": \"https://...\", \"interval\": seconds}").response());
    }
    Optional<String> url = FeedKeys.normalise(json.path("url").asText());
    if (url.isEmpty()) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "url",
          "the feed URL must be an absolute http or https URL of at most " + FeedKeys.MAX_URL_LENGTH + " characters").response());
    }
    JsonNode interval = json.path("interval");
    if (!interval.isMissingNode() && !interval.isNull()
        && (!interval.canConvertToInt() || interval.asInt() < 0 || interval.asInt() > 86_400)) {
      return done(ApiError.field(StatusCodes.BAD_REQUEST, "interval", "interval must be 0..86400 seconds (0: the default)").response());
    }
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("pubsub#feed_url", List.of(url.get()));
    fields.put("pubsub#feed_interval", List.of(Integer.toString(interval.asInt(0))));
    return configureFields(node, fields).thenApply(r -> r.status().intValue() != 200 ? r
        : ok(JSON.createObjectNode().put("node", node).put("url", url.get())
            .put("interval", interval.asInt(0))));
  }

  CompletionStage<HttpResponse> detachFeed(String node) {
    return configureFields(node, Map.of("pubsub#feed_url", List.of(""))).thenApply(r ->
        r.status().intValue() != 200 ? r : HttpResponse.create().withStatus(StatusCodes.NO_CONTENT));
  }

  /** The node's feed and its status; 404 (field feed) when the node has none. */
  CompletionStage<HttpResponse> feed(String node) {
    XmlElement pubsub = XmlElement.builder("pubsub", OWNER)
        .child(XmlElement.builder("configure", OWNER).attr("node", node)).build();
    CompletableFuture<String> url = new CompletableFuture<>();
    return iq("get", pubsub, reply -> {
      XmlElement form = reply.child("pubsub", OWNER).flatMap(p -> p.child("configure", OWNER))
          .flatMap(c -> c.child("x", "jabber:x:data")).orElse(null);
      String feedUrl = form == null ? "" : NodeConfigJson.fromForm(form).path("feed_url").asText("");
      url.complete(feedUrl);
      return feedUrl.isEmpty()
          ? ApiError.field(StatusCodes.NOT_FOUND, "feed", "the node has no feed").response() : null;
    }).thenCompose(r -> r != null ? done(r) : feedStatus(url.join()));
  }

  /** Every feed of the cluster with its status. */
  CompletionStage<HttpResponse> allFeeds() {
    if (feeds == null) {
      return done(ApiError.of(StatusCodes.SERVICE_UNAVAILABLE, "feeds are not enabled on this node").response());
    }
    return feeds.statuses().toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((list, e) -> e != null ? unavailable(e) : ok(JSON.createObjectNode().set("feeds", JSON.valueToTree(list))));
  }

  /** One feed's status by URL. */
  CompletionStage<HttpResponse> feedStatus(String url) {
    if (feeds == null) {
      return done(ApiError.of(StatusCodes.SERVICE_UNAVAILABLE, "feeds are not enabled on this node").response());
    }
    return feeds.status(url).toCompletableFuture().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((s, e) -> e != null ? unavailable(e) : ok(JSON.valueToTree(s)));
  }

  // ---------------------------------------------------------------------------------- helpers

  /** Checks a feed_url given in a configuration (so a bad one names the field). */
  private static void feedField(Map<String, List<String>> fields) throws NodeConfigJson.Invalid {
    List<String> url = fields.get("pubsub#feed_url");
    if (url != null && !url.isEmpty() && !url.get(0).isEmpty() && FeedKeys.normalise(url.get(0)).isEmpty()) {
      throw new NodeConfigJson.Invalid("feed_url", "must be an absolute http or https URL");
    }
  }

  static boolean validNode(String node) {
    return !node.isEmpty() && node.length() <= 1024;
  }

  static HttpResponse badNode() {
    return ApiError.field(StatusCodes.BAD_REQUEST, "node", "the node name must be 1-1024 characters").response();
  }

  private static List<XmlElement> itemElements(XmlElement reply) {
    return reply.child("pubsub", PUBSUB).flatMap(p -> p.child("items", PUBSUB))
        .map(i -> i.elements("item", PUBSUB)).orElse(List.of());
  }

  private static ObjectNode itemJson(XmlElement item) {
    ObjectNode o = JSON.createObjectNode().put("id", item.attr("id"));
    o.put("payload", item.elements().isEmpty() ? null : item.elements().get(0).toXml());
    return o;
  }

  private CompletionStage<HttpResponse> iq(String type, XmlElement payload,
      Function<XmlElement, HttpResponse> onResult) {
    return iq(type, payload, onResult, "node");
  }

  private CompletionStage<HttpResponse> iq(String type, XmlElement payload,
      Function<XmlElement, HttpResponse> onResult, String notFoundField) {
    XmlElement iq = XmlElement.builder("iq", Namespaces.JABBER_CLIENT)
        .attr("type", type).attr("id", "api-" + UUID.randomUUID())
        .attr("from", service.toString()).attr("to", service.toString())
        .child(payload).build();
    return ask.apply(iq).toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((reply, e) -> {
          if (e != null) {
            return unavailable(e);
          }
          if ("result".equals(reply.attr("type"))) {
            return onResult.apply(reply);
          }
          return error(reply, notFoundField);
        });
  }

  private static HttpResponse unavailable(Throwable e) {
    Throwable cause = Failures.cause(e);
    return cause instanceof TimeoutException
        ? ApiError.of(StatusCodes.SERVICE_UNAVAILABLE, "the pub-sub service did not answer").response()
        : ApiError.of(StatusCodes.INTERNAL_SERVER_ERROR, "internal error").response();
  }

  /** An XEP-0060 error answer as an API error. */
  static HttpResponse error(XmlElement reply, String notFoundField) {
    XmlElement error = reply.elements().stream().filter(e -> e.name().equals("error")).findFirst().orElse(null);
    String condition = error == null ? "undefined-condition" : error.elements().stream()
        .filter(c -> Namespaces.STANZA_ERRORS.equals(c.namespace()) && !c.name().equals("text"))
        .map(XmlElement::name).findFirst().orElse("undefined-condition");
    String detail = error == null ? null : error.elements().stream()
        .filter(c -> c.namespace().startsWith(PUBSUB)).map(XmlElement::name).findFirst().orElse(null);
    String what = condition + (detail == null ? "" : " (" + detail + ")");
    return switch (condition) {
      case "item-not-found" -> ApiError.field(StatusCodes.NOT_FOUND, notFoundField,
          notFoundField.equals("node") ? "no such pub-sub node" : "no such item").response();
      case "conflict" -> ApiError.field(StatusCodes.CONFLICT, "node", "the node exists already").response();
      case "forbidden" -> ApiError.of(StatusCodes.FORBIDDEN, "the pub-sub service refused: " + what).response();
      case "not-acceptable", "bad-request", "not-allowed", "feature-not-implemented", "policy-violation" ->
          ApiError.field(StatusCodes.BAD_REQUEST, "config", "the pub-sub service refused: " + what).response();
      default -> ApiError.of(StatusCodes.BAD_GATEWAY, "the pub-sub service answered " + what).response();
    };
  }

  static HttpResponse ok(JsonNode body) {
    return JsonResponse.ok(body);
  }

  private static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
