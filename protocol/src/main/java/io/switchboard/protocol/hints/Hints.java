package io.switchboard.protocol.hints;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;

/** XEP-0334 message processing hints a message may carry. */
public enum Hints {
  /** Do not store it at all (neither archive nor offline storage). */
  NO_STORE("no-store"),
  /** Do not store it for good (no archive; offline storage is allowed). */
  NO_PERMANENT_STORE("no-permanent-store"),
  /** Store it even if it would normally not be. */
  STORE("store"),
  /** Do not copy it (XEP-0280 carbons). */
  NO_COPY("no-copy");

  public static final String NAMESPACE = Namespaces.HINTS;

  private final String element;

  Hints(String element) {
    this.element = element;
  }

  public String element() {
    return element;
  }

  /** Whether {@code message} carries this hint. */
  public boolean in(XmlElement message) {
    return message.child(element, NAMESPACE).isPresent();
  }

  public XmlElement toElement() {
    return XmlElement.of(element, NAMESPACE);
  }
}
