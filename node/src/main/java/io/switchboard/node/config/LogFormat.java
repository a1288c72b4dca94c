package io.switchboard.node.config;

/**
 * How the node writes its log: {@code SWITCHBOARD_LOG_FORMAT} is {@code text} (the default: one
 * readable line per event) or {@code json} (one JSON object per line, for log collectors).
 * {@code logback.xml} uses the value as the name of the appender, so any other value would leave
 * the node silent; {@link io.switchboard.node.Main} checks it first and refuses to start.
 */
public enum LogFormat {
  TEXT("text"),
  JSON("json");

  public static final String VARIABLE = "SWITCHBOARD_LOG_FORMAT";

  private final String appender;

  LogFormat(String appender) {
    this.appender = appender;
  }

  /** The appender's name in {@code logback.xml}. */
  public String appender() {
    return appender;
  }

  /** The format {@code value} names (unset or blank: text). */
  public static LogFormat of(String value) {
    if (value == null || value.isBlank()) {
      return TEXT;
    }
    for (LogFormat f : values()) {
      if (f.appender.equals(value)) {
        return f;
      }
    }
    throw new InvalidSettingException(VARIABLE, "must be text or json, not '" + value + "'");
  }
}
