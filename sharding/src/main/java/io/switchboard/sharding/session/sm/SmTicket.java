package io.switchboard.sharding.session.sm;

import io.switchboard.sharding.serialization.CborSerializable;

/**
 * What the entity must know of a resource's XEP-0198 session so a client can resume it on any
 * node, even after the node its stream was on died. The connection numbers every stanza its
 * client sends (the {@link Receipt} sequence); the entity sees those numbers, so it can tell the
 * client how many of its stanzas were handled ({@code <resumed h=.../>}) without the connection.
 *
 * @param token the stream management id the client resumes with ({@code previd})
 * @param offset stanzas handled before this connection (those of the session it resumed)
 * @param seqBase the connection's sequence number just before stream management was enabled
 * @param seenSeq the highest sequence number the entity handled from this connection
 * @param resumeMillis how long a dropped session may be resumed
 */
public record SmTicket(String token, long offset, long seqBase, long seenSeq, long resumeMillis)
    implements CborSerializable {
  private static final long MOD = 1L << 32;

  /** Stanzas of the client handled so far, modulo 2^32 (XEP-0198 §5). */
  public long handled() {
    return Math.floorMod(offset + Math.max(0, seenSeq - seqBase), MOD);
  }

  /** The ticket after the stanza with sequence number {@code seq} was handled. */
  public SmTicket seen(long seq) {
    return seq <= seenSeq ? this : new SmTicket(token, offset, seqBase, seq, resumeMillis);
  }
}
