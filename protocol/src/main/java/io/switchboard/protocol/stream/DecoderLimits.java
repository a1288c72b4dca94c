package io.switchboard.protocol.stream;

/**
 * Hard limits of {@link StreamDecoder}. Exceeding any of them closes the stream with
 * {@code <policy-violation/>}.
 *
 * @param maxStanzaBytes largest first-level element (and largest stream header) in bytes
 * @param maxDepth deepest element nesting inside a first-level element; the first-level element
 *     itself is depth 1
 * @param maxAttributes most attributes plus namespace declarations on one element
 * @param maxAttributeValueChars longest attribute value in characters
 */
public record DecoderLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxAttributeValueChars) {
  public static final DecoderLimits DEFAULT = new DecoderLimits(262_144, 32, 64, 16_384);

  public DecoderLimits {
    if (maxStanzaBytes < 1024) {
      throw new IllegalArgumentException("maxStanzaBytes must be at least 1024, was " + maxStanzaBytes);
    }
    if (maxDepth < 4) {
      throw new IllegalArgumentException("maxDepth must be at least 4, was " + maxDepth);
    }
    if (maxAttributes < 8) {
      throw new IllegalArgumentException("maxAttributes must be at least 8, was " + maxAttributes);
    }
    if (maxAttributeValueChars < 1024) {
      throw new IllegalArgumentException(
          "maxAttributeValueChars must be at least 1024, was " + maxAttributeValueChars);
    }
  }

  public DecoderLimits withMaxStanzaBytes(int bytes) {
    return new DecoderLimits(bytes, maxDepth, maxAttributes, maxAttributeValueChars);
  }

  public DecoderLimits withMaxDepth(int depth) {
    return new DecoderLimits(maxStanzaBytes, depth, maxAttributes, maxAttributeValueChars);
  }
}
