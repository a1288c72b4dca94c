package io.switchboard.persistence;

/**
 * Cassandra could not be reached, launched or prepared. The message is one line meant for an
 * operator and names the configuration key to look at.
 */
public class PersistenceException extends RuntimeException {
  public PersistenceException(String message) {
    super(message);
  }

  public PersistenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
