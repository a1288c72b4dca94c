package io.switchboard.node.config;

/** A setting that stops start-up; the message names the key and the problem on one line. */
public final class InvalidSettingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String key, String problem) {
    super(key + ": " + problem);
  }
}
