package io.switchboard.node.register;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Answers the questions {@link QaQuestions} asks, for tests: what a human would type. */
final class QaSolver {
  private static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five", "six",
      "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
      "seventeen", "eighteen", "nineteen", "twenty");
  private static final List<String> ORDINALS = List.of("first", "second", "third", "fourth", "fifth");
  private static final Pattern ARITHMETIC = Pattern.compile("What is (\\w+) (plus|minus) (\\w+)\\? \\(a number\\)");
  private static final Pattern WORD = Pattern.compile("Type the (\\w+) word of: ([a-z ]+)");

  private QaSolver() {}

  static String solve(String question) {
    Matcher m = ARITHMETIC.matcher(question);
    if (m.matches()) {
      int a = number(m.group(1));
      int b = number(m.group(3));
      return Integer.toString(m.group(2).equals("plus") ? a + b : a - b);
    }
    m = WORD.matcher(question);
    if (m.matches()) {
      return m.group(2).split(" ")[ORDINALS.indexOf(m.group(1))];
    }
    throw new IllegalArgumentException("unexpected question: " + question);
  }

  private static int number(String s) {
    int i = NUMBERS.indexOf(s);
    return i >= 0 ? i : Integer.parseInt(s);
  }
}
