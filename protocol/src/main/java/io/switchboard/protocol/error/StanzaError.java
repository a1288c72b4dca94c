package io.switchboard.protocol.error;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Objects;
import java.util.Optional;

/**
 * A stanza error (RFC 6120 §8.3.2): {@code <error type='...' [by='...']>} with a defined condition,
 * optional text and an optional application-specific condition element.
 *
 * @param condition the defined condition
 * @param type the error type; the condition's default when built with {@link #of}
 * @param text optional descriptive text, or null
 * @param by optional JID of the entity that generated the error, or null
 * @param conditionText character data of the condition element ({@code gone}/{@code redirect}), or null
 * @param applicationCondition optional application-specific condition element, or null
 */
public record StanzaError(
    StanzaErrorCondition condition,
    StanzaErrorType type,
    String text,
    String by,
    String conditionText,
    XmlElement applicationCondition) {

  public StanzaError {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(type, "type");
  }

  public static StanzaError of(StanzaErrorCondition condition) {
    return new StanzaError(condition, condition.defaultType(), null, null, null, null);
  }

  public static StanzaError of(StanzaErrorCondition condition, String text) {
    return new StanzaError(condition, condition.defaultType(), text, null, null, null);
  }

  public StanzaError withType(StanzaErrorType newType) {
    return new StanzaError(condition, newType, text, by, conditionText, applicationCondition);
  }

  public StanzaError withBy(String newBy) {
    return new StanzaError(condition, type, text, newBy, conditionText, applicationCondition);
  }

  public StanzaError withConditionText(String newConditionText) {
    return new StanzaError(condition, type, text, by, newConditionText, applicationCondition);
  }

  public StanzaError withApplicationCondition(XmlElement element) {
    return new StanzaError(condition, type, text, by, conditionText, element);
  }

  /**
   * The {@code <error/>} element in {@code stanzaNamespace} (the stanza's namespace, usually
   * jabber:client) so that it is written without a redundant xmlns inside the stanza.
   */
  public XmlElement toElement(String stanzaNamespace) {
    XmlElement.Builder b = XmlElement.builder("error", stanzaNamespace)
        .attr("type", type.wireName())
        .attr("by", by)
        .child(XmlElement.builder(condition.elementName(), Namespaces.STANZA_ERRORS).text(conditionText));
    if (text != null) {
      b.child(XmlElement.builder("text", Namespaces.STANZA_ERRORS).attr("xml:lang", "en").text(text));
    }
    if (applicationCondition != null) {
      b.child(applicationCondition);
    }
    return b.build();
  }

  /** The {@code <error/>} element in the jabber:client namespace. */
  public XmlElement toElement() {
    return toElement(Namespaces.JABBER_CLIENT);
  }

  /**
   * Reads the {@code <error/>} child of an error stanza. A missing or unknown condition reads as
   * undefined-condition; a missing or unknown type as the condition's default.
   */
  public static Optional<StanzaError> fromStanza(XmlElement stanza) {
    Optional<XmlElement> error = stanza.child("error", stanza.namespace());
    if (error.isEmpty()) {
      return Optional.empty();
    }
    XmlElement e = error.get();
    StanzaErrorCondition condition = null;
    String conditionText = null;
    String text = null;
    XmlElement app = null;
    for (XmlElement child : e.elements()) {
      if (Namespaces.STANZA_ERRORS.equals(child.namespace())) {
        if (child.name().equals("text")) {
          text = child.text();
        } else if (condition == null) {
          condition = StanzaErrorCondition.fromElementName(child.name()).orElse(null);
          conditionText = child.text().isEmpty() ? null : child.text();
        }
      } else if (app == null) {
        app = child;
      }
    }
    if (condition == null) {
      condition = StanzaErrorCondition.UNDEFINED_CONDITION;
    }
    StanzaErrorType type =
        StanzaErrorType.fromWireName(e.attr("type")).orElse(condition.defaultType());
    return Optional.of(new StanzaError(condition, type, text, e.attr("by"), conditionText, app));
  }
}
