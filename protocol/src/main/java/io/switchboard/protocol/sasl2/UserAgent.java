package io.switchboard.protocol.sasl2;

import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * XEP-0388 §2.2: {@code <user-agent id='...'><software/><device/></user-agent>}. The id is the
 * client's stable identifier (a UUID by the XEP's recommendation); FAST tokens are bound to it.
 */
public record UserAgent(String id, Optional<String> software, Optional<String> device) {
  /** What an id may look like here: printable, no spaces, at most 128 characters. */
  private static final Pattern ID = Pattern.compile("[\\x21-\\x7e]{1,128}");

  /** Empty when {@code e} carries no usable id. */
  public static Optional<UserAgent> parse(XmlElement e) {
    String id = e.attr("id");
    if (id == null || !ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return Optional.of(new UserAgent(id, e.childText("software", Sasl2.NAMESPACE).map(String::trim),
        e.childText("device", Sasl2.NAMESPACE).map(String::trim)));
  }
}
