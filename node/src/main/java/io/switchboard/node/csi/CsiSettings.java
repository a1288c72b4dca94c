package io.switchboard.node.csi;

import com.typesafe.config.Config;
import io.switchboard.node.config.InvalidSettingException;
import java.util.Locale;

/**
 * XEP-0352 settings, read once from {@code switchboard.csi}: whether clients may go inactive,
 * how much a stream holds, and what happens to each class of stanza while it is inactive.
 */
public record CsiSettings(
    boolean enabled, int maxQueued, Action presence, Action chatStates, Action groupchat, Action mentions,
    Action messages, Action other) {

  public static final String PATH = "switchboard.csi";

  /** What an inactive stream does with a stanza of a class. */
  public enum Action {
    /** Write it at once (after what is held). */
    FLUSH,
    /** Hold it until the client is active again. */
    QUEUE,
    /** Never write it. */
    DROP
  }

  public static CsiSettings defaults() {
    return new CsiSettings(true, 256, Action.QUEUE, Action.DROP, Action.QUEUE, Action.FLUSH, Action.FLUSH,
        Action.QUEUE);
  }

  public static CsiSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    int max = c.getInt("max-queued");
    if (max < 1) {
      throw new InvalidSettingException(PATH + ".max-queued", max + " is below the minimum 1");
    }
    return new CsiSettings(c.getBoolean("enabled"), max, action(c, "presence"), action(c, "chat-states"),
        action(c, "groupchat"), action(c, "mentions"), action(c, "messages"), action(c, "other"));
  }

  private static Action action(Config c, String key) {
    String v = c.getString(key).trim().toUpperCase(Locale.ROOT);
    try {
      return Action.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(PATH + "." + key, "must be flush, queue or drop, not '" + c.getString(key) + "'");
    }
  }
}
