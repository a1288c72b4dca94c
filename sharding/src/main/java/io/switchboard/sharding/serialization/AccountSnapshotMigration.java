package io.switchboard.sharding.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Snapshots of {@code Account}: version 1 (commit 7c83ad7 and earlier) was one record of nine
 * fields; version 2 holds one slice per part. The old fields move into their slices unchanged:
 * {@code roster}, {@code rosterVersion} and {@code pendingIn} into {@code roster} (as
 * {@code items}, {@code version}, {@code pendingIn}); {@code blocklist} into {@code blocking.jids};
 * {@code privateXml} into {@code privateXml.entries}; {@code online} and {@code parked} into
 * {@code resources}. {@code vcard} and {@code incarnation} stay.
 */
public final class AccountSnapshotMigration extends JacksonMigration {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    if (fromVersion >= 2 || !(json instanceof ObjectNode old)) {
      return json;
    }
    ObjectNode v2 = NODES.objectNode();
    ObjectNode roster = v2.putObject("roster");
    roster.set("items", orEmptyObject(old.get("roster")));
    roster.set("version", old.has("rosterVersion") ? old.get("rosterVersion") : NODES.numberNode(0L));
    roster.set("pendingIn", orEmptyObject(old.get("pendingIn")));
    v2.putObject("blocking").set("jids", old.has("blocklist") ? old.get("blocklist") : NODES.arrayNode());
    v2.set("vcard", old.has("vcard") ? old.get("vcard") : NODES.nullNode());
    v2.putObject("privateXml").set("entries", orEmptyObject(old.get("privateXml")));
    v2.set("incarnation", old.has("incarnation") ? old.get("incarnation") : NODES.nullNode());
    ObjectNode resources = v2.putObject("resources");
    resources.set("online", orEmptyObject(old.get("online")));
    resources.set("parked", orEmptyObject(old.get("parked")));
    resources.set("lastOffline", NODES.nullNode());
    return v2;
  }

  private static JsonNode orEmptyObject(JsonNode node) {
    return node == null || node.isNull() ? NODES.objectNode() : node;
  }
}
