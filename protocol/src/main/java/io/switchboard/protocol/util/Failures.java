package io.switchboard.protocol.util;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What went wrong, under the wrappers that futures put around it. */
public final class Failures {
  private Failures() {
  }

  /**
   * {@code failure} without its {@link CompletionException} and {@link ExecutionException}
   * wrappers (a wrapper without a cause is itself the failure); null stays null.
   */
  public static Throwable cause(Throwable failure) {
    Throwable c = failure;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
