package io.switchboard.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.jid.Jids;
import java.util.List;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.EntityJid;
import org.jxmpp.jid.Jid;

/**
 * The pure step of {@code /api/v1/admin}: the JIDs of the path and the JSON bodies, checked field
 * by field (through {@link JsonBody}). Every JID must be an account
 * of the node's domain. Passwords never appear in a message or a {@code toString}.
 */
public final class AdminRequest {
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

  /** An account's bare JID of {@code domain}, from the path or a body. */
  static EntityBareJid account(String text, DomainBareJid domain, String field) throws JsonBody.Invalid {
    Jid jid = Jids.parse(text).orElseThrow(() -> new JsonBody.Invalid(field, "not a valid JID"));
    if (!(jid instanceof EntityBareJid bare)) {
      throw new JsonBody.Invalid(field, "must be a bare JID user@" + domain);
    }
    return ofDomain(bare, domain, field);
  }

  /** A bare JID (every session of the account) or a full JID (that resource's), of {@code domain}. */
  public static EntityJid session(String text, DomainBareJid domain) throws JsonBody.Invalid {
    Jid jid = Jids.parse(text).orElseThrow(() -> new JsonBody.Invalid("jid", "not a valid JID"));
    if (jid instanceof EntityFullJid full) {
      ofDomain(full.asEntityBareJid(), domain, "jid");
      return full;
    }
    if (jid instanceof EntityBareJid bare) {
      return ofDomain(bare, domain, "jid");
    }
    throw new JsonBody.Invalid("jid", "must be user@" + domain + " or user@" + domain + "/resource");
  }

  private static EntityBareJid ofDomain(EntityBareJid jid, DomainBareJid domain, String field) throws JsonBody.Invalid {
    if (!jid.asDomainBareJid().equals(domain)) {
      throw new JsonBody.Invalid(field, "not an account of this server's domain " + domain);
    }
    return jid;
  }

  static NewAccount newAccount(byte[] body, DomainBareJid domain) throws JsonBody.Invalid {
    JsonNode root = JsonBody.object(body, List.of("jid", "password"));
    return new NewAccount(account(JsonBody.text(root, "jid", true), domain, "jid"), password(root));
  }

  /** {@code PUT /admin/accounts/{jid}/password}: {@code {"password"}}. */
  static String password(byte[] body) throws JsonBody.Invalid {
    return password(JsonBody.object(body, List.of("password")));
  }

  /** {@code PUT /admin/accounts/{jid}/disabled}: {@code {"disabled": true|false}}. */
  static boolean disabled(byte[] body) throws JsonBody.Invalid {
    return JsonBody.bool(JsonBody.object(body, List.of("disabled")), "disabled");
  }

  public static Announcement announcement(byte[] body) throws JsonBody.Invalid {
    JsonNode root = JsonBody.object(body, List.of("subject", "body"));
    String text = JsonBody.text(root, "body", true);
    if (text.isBlank()) {
      throw new JsonBody.Invalid("body", "must not be empty");
    }
    String subject = JsonBody.text(root, "subject", false);
    if (text.length() > MAX_TEXT || (subject != null && subject.length() > MAX_TEXT)) {
      throw new JsonBody.Invalid(text.length() > MAX_TEXT ? "body" : "subject", "longer than " + MAX_TEXT + " characters");
    }
    return new Announcement(subject, text);
  }

  /**
   * {@code {"text"}}: the welcome message or the message of the day, not blank, at most
   * {@value #MAX_TEXT} characters.
   */
  static String text(byte[] body) throws JsonBody.Invalid {
    String text = JsonBody.text(JsonBody.object(body, List.of("text")), "text", true);
    if (text.isBlank()) {
      throw new JsonBody.Invalid("text", "must not be empty");
    }
    if (text.length() > MAX_TEXT) {
      throw new JsonBody.Invalid("text", "longer than " + MAX_TEXT + " characters");
    }
    return text;
  }

  private static String password(JsonNode root) throws JsonBody.Invalid {
    String p = JsonBody.text(root, "password", true);
    if (p.isEmpty()) {
      throw new JsonBody.Invalid("password", "must not be empty");
    }
    if (p.length() > MAX_PASSWORD) {
      throw new JsonBody.Invalid("password", "longer than " + MAX_PASSWORD + " characters");
    }
    return p;
  }
}
