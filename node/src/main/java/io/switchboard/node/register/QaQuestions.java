package io.switchboard.node.register;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Text questions for the XEP-0158 'qa' challenge: small sums and differences written partly in
 * words, and "which word is at position n". Enough to stop a generic registration script, not a
 * bot written for this server (XEP-0158 §4: a CAPTCHA works best combined with other measures;
 * here the per-address limit). The random source is a {@code SecureRandom} in production, so the
 * next question cannot be predicted from earlier ones.
 */
final class QaQuestions {
  private static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five", "six",
      "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
      "seventeen", "eighteen", "nineteen", "twenty");
  private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth", "fifth");
  private static final List<String> WORDS = List.of("apple", "river", "stone", "cloud", "garden", "window",
      "pencil", "candle", "forest", "bridge", "orange", "castle", "rabbit", "mirror", "island", "ladder",
      "rocket", "pillow", "tunnel", "violin", "harbor", "meadow", "lemon", "anchor");

  /**
   * One question and the answers accepted for it (normalised with {@link #normalise}).
   * {@code toString} leaves the answers out, so a question never logs them.
   */
  record Question(String text, List<String> answers) {
    Question {
      answers = List.copyOf(answers);
    }

    @Override
    public String toString() {
      return "Question[" + text + "]";
    }
  }

  private final RandomGenerator random;

  QaQuestions(RandomGenerator random) {
    this.random = random;
  }

  Question next() {
    return switch (random.nextInt(3)) {
      case 0 -> sum();
      case 1 -> difference();
      default -> wordAt();
    };
  }

  /** How an answer is compared: trimmed, lower case, inner white space collapsed. */
  static String normalise(String answer) {
    return answer.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }

  private Question sum() {
    int a = 2 + random.nextInt(9);
    int b = 2 + random.nextInt(9);
    return number("What is " + spell(a) + " plus " + spell(b) + "?", a + b);
  }

  private Question difference() {
    int a = 10 + random.nextInt(11);
    int b = 1 + random.nextInt(9);
    return number("What is " + spell(a) + " minus " + spell(b) + "?", a - b);
  }

  private Question wordAt() {
    int count = 4 + random.nextInt(2);
    StringBuilder list = new StringBuilder();
    String picked = null;
    int position = random.nextInt(count);
    for (int i = 0; i < count; i++) {
      String w = WORDS.get(random.nextInt(WORDS.size()));
      list.append(i == 0 ? "" : " ").append(w);
      if (i == position) {
        picked = w;
      }
    }
    return new Question("Type the " + ORDINALS.get(position) + " word of: " + list, List.of(picked));
  }

  /** Digits or a word, at random, so the question is not one fixed pattern of digits. */
  private String spell(int n) {
    return random.nextBoolean() ? NUMBERS.get(n) : Integer.toString(n);
  }

  /** A number question accepts the digits or the English word. */
  private static Question number(String text, int answer) {
    return new Question(text + " (a number)", List.of(Integer.toString(answer), NUMBERS.get(answer)));
  }
}
