package io.switchboard.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.protocol.jid.Jids;
import java.util.Iterator;
import java.util.Set;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.EntityJid;
import org.jxmpp.jid.Jid;

/**
 * The pure step of {@code /api/v1/admin}: the JIDs of the path and the JSON bodies, checked field
 * by field (unknown fields refused, as {@link MessageRequest} does). Every JID must be an account
 * of the node's domain. Passwords never appear in a message or a {@code toString}.
 */
public final class AdminRequest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Longest password accepted (characters); longer is a 400, never stored. */
  static final int MAX_PASSWORD = 1024;
  /** Longest announcement subject and body (characters). */
  static final int MAX_TEXT = 16_384;

  private AdminRequest() {}

  /** {@code POST /admin/accounts}. */
  record NewAccount(EntityBareJid jid, String password) {
    @Override
    public String toString() {
      return "NewAccount[" + jid + "]";
    }
  }

  /** {@code POST /admin/announce}; {@code subject} may be null. */
  public record Announcement(String subject, String body) {}

  /** A request that cannot be run; {@code field} is the one at fault, or null. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    public final String field;

    Invalid(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  /** An account's bare JID of {@code domain}, from the path or a body. */
  static EntityBareJid account(String text, DomainBareJid domain, String field) throws Invalid {
    Jid jid = Jids.parse(text).orElseThrow(() -> new Invalid(field, "not a valid JID"));
    if (!(jid instanceof EntityBareJid bare)) {
      throw new Invalid(field, "must be a bare JID user@" + domain);
    }
    return ofDomain(bare, domain, field);
  }

  /** A bare JID (every session of the account) or a full JID (that resource's), of {@code domain}. */
  public static EntityJid session(String text, DomainBareJid domain) throws Invalid {
    Jid jid = Jids.parse(text).orElseThrow(() -> new Invalid("jid", "not a valid JID"));
    if (jid instanceof EntityFullJid full) {
      ofDomain(full.asEntityBareJid(), domain, "jid");
      return full;
    }
    if (jid instanceof EntityBareJid bare) {
      return ofDomain(bare, domain, "jid");
    }
    throw new Invalid("jid", "must be user@" + domain + " or user@" + domain + "/resource");
  }

  private static EntityBareJid ofDomain(EntityBareJid jid, DomainBareJid domain, String field) throws Invalid {
    if (!jid.asDomainBareJid().equals(domain)) {
      throw new Invalid(field, "not an account of this server's domain " + domain);
    }
    return jid;
  }

  static NewAccount newAccount(byte[] body, DomainBareJid domain) throws Invalid {
    JsonNode root = object(body, Set.of("jid", "password"));
    return new NewAccount(account(text(root, "jid", true), domain, "jid"), password(root));
  }

  /** {@code PUT /admin/accounts/{jid}/password}: {@code {"password"}}. */
  static String password(byte[] body) throws Invalid {
    return password(object(body, Set.of("password")));
  }

  /** {@code PUT /admin/accounts/{jid}/disabled}: {@code {"disabled": true|false}}. */
  static boolean disabled(byte[] body) throws Invalid {
    JsonNode n = object(body, Set.of("disabled")).get("disabled");
    if (n == null || n.isNull()) {
      throw new Invalid("disabled", "is required");
    }
    if (!n.isBoolean()) {
      throw new Invalid("disabled", "must be true or false");
    }
    return n.booleanValue();
  }

  public static Announcement announcement(byte[] body) throws Invalid {
    JsonNode root = object(body, Set.of("subject", "body"));
    String text = text(root, "body", true);
    if (text.isBlank()) {
      throw new Invalid("body", "must not be empty");
    }
    String subject = text(root, "subject", false);
    if (text.length() > MAX_TEXT || (subject != null && subject.length() > MAX_TEXT)) {
      throw new Invalid(text.length() > MAX_TEXT ? "body" : "subject", "longer than " + MAX_TEXT + " characters");
    }
    return new Announcement(subject, text);
  }

  private static String password(JsonNode root) throws Invalid {
    String p = text(root, "password", true);
    if (p.isEmpty()) {
      throw new Invalid("password", "must not be empty");
    }
    if (p.length() > MAX_PASSWORD) {
      throw new Invalid("password", "longer than " + MAX_PASSWORD + " characters");
    }
    return p;
  }

  private static JsonNode object(byte[] body, Set<String> fields) throws Invalid {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Invalid(null, "the request body is not valid JSON");
    } catch (java.io.IOException e) {
      throw new Invalid(null, "the request body could not be read");
    }
    if (root == null || !root.isObject()) {
      throw new Invalid(null, "the request body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new Invalid(name, "unknown field (allowed: " + String.join(", ", fields.stream().sorted().toList()) + ")");
      }
    }
    return root;
  }

  private static String text(JsonNode root, String field, boolean required) throws Invalid {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new Invalid(field, "is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new Invalid(field, "must be a string");
    }
    return n.textValue();
  }
}
