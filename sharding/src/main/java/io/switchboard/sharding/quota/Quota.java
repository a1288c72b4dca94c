package io.switchboard.sharding.quota;

import io.switchboard.protocol.error.StanzaError;
import io.switchboard.protocol.error.StanzaErrorCondition;
import io.switchboard.protocol.error.StanzaErrorType;

/**
 * Pure quota checks and the error a refused request gets. RFC 6121, XEP-0049 and XEP-0191 name
 * no condition for a full roster, private store or block list; the server answers
 * {@code <resource-constraint/>} of type {@code cancel} (RFC 6120 §8.3.3.18: the server lacks
 * the resources to serve the request; {@code cancel} because retrying unchanged will not help),
 * with a text naming the quota, as it already does for the per-account resource limit.
 */
public final class Quota {
  private Quota() {}

  /** Whether {@code count} entries plus {@code added} new ones stay within {@code limit}. */
  public static boolean fits(long count, long added, long limit) {
    return added <= 0 || count + added <= limit;
  }

  /** The error for a request refused by quota {@code what} (a config key under switchboard.quotas). */
  public static StanzaError exceeded(String what, long limit) {
    return StanzaError.of(StanzaErrorCondition.RESOURCE_CONSTRAINT,
            "quota exceeded: " + AccountQuotas.PATH + "." + what + " = " + limit)
        .withType(StanzaErrorType.CANCEL);
  }
}
