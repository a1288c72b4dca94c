package io.switchboard.node.register;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code switchboard.registration-captcha}: whether open in-band registration asks an XEP-0158
 * CAPTCHA, and how long a challenge stays answerable.
 *
 * @param type {@link Type#OFF} (no CAPTCHA) or {@link Type#QA} (a text question, XEP-0158 'qa')
 * @param ttl how long after it was issued a challenge may be answered
 */
public record CaptchaSettings(Type type, Duration ttl) {
  private static final String KEY = "switchboard.registration-captcha";

  /** The challenge types this server can ask. */
  public enum Type { OFF, QA }

  /** No CAPTCHA. */
  public static CaptchaSettings off() {
    return new CaptchaSettings(Type.OFF, Duration.ofMinutes(5));
  }

  public boolean enabled() {
    return type != Type.OFF;
  }

  /** Reads {@code switchboard.registration-captcha}; an unknown type or a non-positive ttl fails start-up. */
  public static CaptchaSettings fromConfig(Config root) {
    Config c = root.getConfig(KEY);
    String raw = c.getString("type").trim().toUpperCase(Locale.ROOT);
    Type type;
    try {
      type = Type.valueOf(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(KEY + ".type", "'" + raw.toLowerCase(Locale.ROOT) + "' is not off or qa");
    }
    Duration ttl = c.getDuration("ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new InvalidSettingException(KEY + ".ttl", "must be positive");
    }
    return new CaptchaSettings(type, ttl);
  }
}
