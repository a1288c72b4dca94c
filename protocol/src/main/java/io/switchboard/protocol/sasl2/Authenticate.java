package io.switchboard.protocol.sasl2;

import io.switchboard.protocol.sasl.SaslPayloads;
import io.switchboard.protocol.sm.Resume;
import io.switchboard.protocol.xml.XmlElement;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * XEP-0388 §2.3: the client's {@code <authenticate mechanism='...'>} with its optional initial
 * response, user agent and the inline requests this server understands: XEP-0386's
 * {@code <bind/>}, XEP-0198's {@code <resume/>}, XEP-0484's {@code <request-token/>} and
 * {@code <fast/>}.
 *
 * @param initialResponse empty when none was sent; {@code Optional.of(new byte[0])} for "="
 */
public record Authenticate(
    String mechanism,
    Optional<byte[]> initialResponse,
    Optional<UserAgent> userAgent,
    Optional<BindRequest> bind,
    Optional<Resume> resume,
    Optional<String> requestToken,
    Optional<FastUse> fast) {
  public static final String ELEMENT = "authenticate";

  /** XEP-0484 §3.3: {@code <fast count='...' invalidate='true'/>} with a token mechanism. */
  public record FastUse(OptionalLong count, boolean invalidate) {}

  /** Why an {@code <authenticate/>} could not be read. */
  public enum Malformed { NO_MECHANISM, BAD_ENCODING }

  /** The request, or why it is malformed. */
  public sealed interface Parsed permits Ok, Bad {}

  public record Ok(Authenticate request) implements Parsed {}

  public record Bad(Malformed why) implements Parsed {}

  public static Parsed parse(XmlElement e) {
    String mechanism = e.attr("mechanism");
    if (mechanism == null || mechanism.isBlank()) {
      return new Bad(Malformed.NO_MECHANISM);
    }
    Optional<byte[]> initial = Optional.empty();
    Optional<String> text = e.childText("initial-response", Sasl2.NAMESPACE).map(String::trim);
    if (text.isPresent()) {
      initial = SaslPayloads.decode(text.get());
      if (initial.isEmpty()) {
        return new Bad(Malformed.BAD_ENCODING);
      }
    }
    Optional<UserAgent> agent = e.child("user-agent", Sasl2.NAMESPACE).flatMap(UserAgent::parse);
    Optional<BindRequest> bind = e.child(BindRequest.ELEMENT, Sasl2.BIND2).map(BindRequest::parse);
    Optional<Resume> resume = e.child(Resume.ELEMENT, Resume.NAMESPACE).flatMap(Resume::parse);
    Optional<String> requestToken = e.child("request-token", Sasl2.FAST).map(r -> r.attr("mechanism"));
    Optional<FastUse> fast = e.child("fast", Sasl2.FAST).map(f -> new FastUse(count(f.attr("count")),
        "true".equals(f.attr("invalidate")) || "1".equals(f.attr("invalidate"))));
    return new Ok(new Authenticate(mechanism, initial, agent, bind, resume, requestToken, fast));
  }

  private static OptionalLong count(String s) {
    if (s == null) {
      return OptionalLong.empty();
    }
    try {
      long n = Long.parseLong(s);
      return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
