package io.switchboard.protocol.sasl2;

/** Namespaces and names of XEP-0388 (SASL2), XEP-0386 (Bind2) and XEP-0484 (FAST). */
public final class Sasl2 {
  /** XEP-0388 §2. */
  public static final String NAMESPACE = "urn:xmpp:sasl:2";
  /** XEP-0386 §3. */
  public static final String BIND2 = "urn:xmpp:bind:0";
  /** XEP-0484 §3. */
  public static final String FAST = "urn:xmpp:fast:0";
  /** The one FAST mechanism offered: draft-schmaus-kitten-sasl-ht with SHA-256, no channel binding. */
  public static final String HT_SHA_256_NONE = "HT-SHA-256-NONE";

  private Sasl2() {}
}
