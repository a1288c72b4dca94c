package io.switchboard.protocol.s2s;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Locale;
import java.util.Optional;

/**
 * The two elements of server dialback (XEP-0220), pure wire records: {@code <db:result/>} (the
 * originating server asks the receiving server to accept it for a domain, and is answered) and
 * {@code <db:verify/>} (the receiving server asks the authoritative server whether a key is
 * right, and is answered). A request carries the key as text and no type; an answer carries a
 * type and no key.
 */
public final class Dialback {
  private Dialback() {}

  public static final String RESULT = "result";
  public static final String VERIFY = "verify";

  /** The type attribute of an answer; {@link #REQUEST} for none. */
  public enum Type {
    REQUEST, VALID, INVALID, ERROR;

    static Type of(String attr) {
      if (attr == null) {
        return REQUEST;
      }
      return switch (attr.toLowerCase(Locale.ROOT)) {
        case "valid" -> VALID;
        case "invalid" -> INVALID;
        case "error" -> ERROR;
        default -> null;
      };
    }

    String wire() {
      return this == REQUEST ? null : name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code <db:result from to [type]>key</db:result>}.
   *
   * @param from the originating (sending) domain
   * @param to the receiving domain
   * @param key the dialback key in a request, null in an answer
   */
  public record Result(String from, String to, Type type, String key) {
    public static Result request(String from, String to, String key) {
      return new Result(from, to, Type.REQUEST, key);
    }

    public Result answer(Type answer) {
      // The answer goes the other way: from the receiving domain to the originating one.
      return new Result(to, from, answer, null);
    }

    public XmlElement toElement() {
      return element(RESULT, from, to, null, type, key);
    }

    /**
     * The dialback error answer (XEP-0220 §2.4): type error, with the stanza error inside; not a
     * stream error, the stream goes on for its other domain pairs.
     */
    public XmlElement errorAnswer(StanzaError error) {
      return withError(answer(Type.ERROR).toElement(), error);
    }
  }

  /**
   * {@code <db:verify from to id [type]>key</db:verify>}.
   *
   * @param from the receiving domain asking (in a request); the authoritative one (in an answer)
   * @param to the authoritative (originating) domain (in a request)
   * @param id the stream id of the stream the key was sent on
   */
  public record Verify(String from, String to, String id, Type type, String key) {
    public static Verify request(String from, String to, String id, String key) {
      return new Verify(from, to, id, Type.REQUEST, key);
    }

    public Verify answer(Type answer) {
      return new Verify(to, from, id, answer, null);
    }

    public XmlElement toElement() {
      return element(VERIFY, from, to, id, type, key);
    }

    /** The dialback error answer (XEP-0220 §2.4), like {@link Result#errorAnswer}. */
    public XmlElement errorAnswer(StanzaError error) {
      return withError(answer(Type.ERROR).toElement(), error);
    }
  }

  private static XmlElement element(String name, String from, String to, String id, Type type, String key) {
    XmlElement.Builder b = XmlElement.builder(name, Namespaces.DIALBACK).attr("from", from).attr("to", to);
    if (id != null) {
      b.attr("id", id);
    }
    if (type.wire() != null) {
      b.attr("type", type.wire());
    }
    if (key != null) {
      b.text(key);
    }
    return b.build();
  }

  /** {@code answer} with the error element (in jabber:server, as XEP-0220's schema has it). */
  private static XmlElement withError(XmlElement answer, StanzaError error) {
    XmlElement.Builder b = XmlElement.builder(answer.name(), answer.namespace());
    answer.attributes().forEach(b::attr);
    return b.child(error.toElement(Namespaces.JABBER_SERVER)).build();
  }

  /** A {@code <db:result/>}, if {@code e} is one with from, to and a known type. */
  public static Optional<Result> result(XmlElement e) {
    if (!e.is(RESULT, Namespaces.DIALBACK)) {
      return Optional.empty();
    }
    Type type = Type.of(e.attr("type"));
    if (type == null || e.attr("from") == null || e.attr("to") == null) {
      return Optional.empty();
    }
    return Optional.of(new Result(e.attr("from"), e.attr("to"), type, keyOf(e, type)));
  }

  /** A {@code <db:verify/>}, if {@code e} is one with from, to, id and a known type. */
  public static Optional<Verify> verify(XmlElement e) {
    if (!e.is(VERIFY, Namespaces.DIALBACK)) {
      return Optional.empty();
    }
    Type type = Type.of(e.attr("type"));
    if (type == null || e.attr("from") == null || e.attr("to") == null || e.attr("id") == null) {
      return Optional.empty();
    }
    return Optional.of(new Verify(e.attr("from"), e.attr("to"), e.attr("id"), type, keyOf(e, type)));
  }

  private static String keyOf(XmlElement e, Type type) {
    String text = e.text().trim();
    return type == Type.REQUEST ? text : null;
  }

  /** Whether {@code e} is in the dialback namespace. */
  public static boolean isDialback(XmlElement e) {
    return Namespaces.DIALBACK.equals(e.namespace());
  }
}
