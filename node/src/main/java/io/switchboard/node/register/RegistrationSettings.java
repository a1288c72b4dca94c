package io.switchboard.node.register;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import io.switchboard.node.config.NodeSettings;
import java.time.Duration;

/**
 * How accounts may be created in-band: {@code switchboard.registration} (closed, invite, open)
 * {@code switchboard.registration-limits} and {@code switchboard.registration-captcha}.
 *
 * @param maxPerAddress with open registration, accounts one address (IPv6: one /64) may try to
 *     create within {@code window}
 * @param captcha whether open registration (without an invitation) asks an XEP-0158 CAPTCHA
 */
public record RegistrationSettings(NodeSettings.Registration mode, int maxPerAddress, Duration window,
    CaptchaSettings captcha) {

  /** Settings without a CAPTCHA. */
  public RegistrationSettings(NodeSettings.Registration mode, int maxPerAddress, Duration window) {
    this(mode, maxPerAddress, window, CaptchaSettings.off());
  }

  /** {@code mode} as {@link NodeSettings} read it; the limits from {@code root}. */
  public static RegistrationSettings fromConfig(Config root, NodeSettings.Registration mode) {
    Config c = root.getConfig("switchboard.registration-limits");
    int max = c.getInt("max-per-address");
    if (max < 1) {
      throw new InvalidSettingException("switchboard.registration-limits.max-per-address", max + " is below the minimum 1");
    }
    Duration window = c.getDuration("window");
    if (window.isNegative() || window.isZero()) {
      throw new InvalidSettingException("switchboard.registration-limits.window", "must be positive");
    }
    return new RegistrationSettings(mode, max, window, CaptchaSettings.fromConfig(root));
  }

  /** No account creation in-band (changes and cancellation of existing accounts still work). */
  public static RegistrationSettings closed() {
    return new RegistrationSettings(NodeSettings.Registration.CLOSED, 1, Duration.ofHours(1));
  }
}
