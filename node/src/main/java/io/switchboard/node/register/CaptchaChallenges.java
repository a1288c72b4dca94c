package io.switchboard.node.register;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The XEP-0158 challenges one stream has been given and not yet answered. Each is answerable once
 * (right or wrong, an answer uses it up), until {@code ttl} after it was issued; at most
 * {@link #MAX_OUTSTANDING} are kept, a newer one pushing out the oldest, so a client that only
 * asks for forms holds a bounded amount of memory. Only a SHA-256 of each accepted answer is kept,
 * and the comparison takes the same time whatever the answer (digest of the answer, then
 * {@link MessageDigest#isEqual} against every accepted digest). Thread-safe, though a stream
 * touches it from one thread.
 */
final class CaptchaChallenges {
  /** Challenges a stream may hold unanswered at once. */
  static final int MAX_OUTSTANDING = 3;

  /** What an answer achieved. */
  enum Verdict {
    /** The right answer to a live challenge issued on this stream. */
    PASSED,
    /** A live challenge, answered wrongly (now used up). */
    WRONG,
    /** No such challenge on this stream: never issued here, already answered, expired or pushed out. */
    UNKNOWN
  }

  /** A challenge as the client sees it: its id and question (never the answer). */
  record Issued(String id, String question) {}

  private record Pending(Instant expires, List<byte[]> answerDigests) {}

  private final Duration ttl;
  private final Clock clock;
  private final QaQuestions questions;
  private final RandomGenerator random;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  /** {@code random} makes the challenge ids and the questions: a {@code SecureRandom} in production. */
  CaptchaChallenges(Duration ttl, Clock clock, RandomGenerator random) {
    this.ttl = ttl;
    this.clock = clock;
    this.random = random;
    this.questions = new QaQuestions(random);
  }

  synchronized Issued issue() {
    Instant now = clock.instant();
    pending.values().removeIf(p -> !now.isBefore(p.expires()));
    while (pending.size() >= MAX_OUTSTANDING) {
      Iterator<String> oldest = pending.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    byte[] idBytes = new byte[12];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    QaQuestions.Question q = questions.next();
    pending.put(id, new Pending(now.plus(ttl), q.answers().stream().map(CaptchaChallenges::digest).toList()));
    return new Issued(id, q.text());
  }

  /** Checks {@code answer} (null: none given) for challenge {@code id} and uses the challenge up. */
  synchronized Verdict verify(String id, String answer) {
    Pending p = id == null ? null : pending.remove(id);
    if (p == null || !clock.instant().isBefore(p.expires())) {
      return Verdict.UNKNOWN;
    }
    byte[] given = digest(answer == null ? "" : QaQuestions.normalise(answer));
    boolean match = false;
    for (byte[] accepted : p.answerDigests()) {
      match |= MessageDigest.isEqual(given, accepted);
    }
    return match ? Verdict.PASSED : Verdict.WRONG;
  }

  /** Challenges held now, expired ones included until the next issue (for tests). */
  synchronized int outstanding() {
    return pending.size();
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
