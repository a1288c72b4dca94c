package io.switchboard.sharding.roster;

import io.switchboard.sharding.roster.ContactState;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6121 Appendix A.2 and A.3, row by row. */
class ContactStateTest {

  private static ContactState parse(String s) {
    boolean to = s.startsWith("To") || s.startsWith("Both");
    boolean from = s.startsWith("From") || s.startsWith("Both");
    return new ContactState(to, from, s.contains("+PO"), s.contains("+PI"));
  }

  @ParameterizedTest(name = "outbound {1} in {0} -> {2}")
  @CsvSource({
      // A.2.1 subscribe
      "None, subscribe, None+PO", "None+PO, subscribe, None+PO", "None+PI, subscribe, None+PO+PI",
      "None+PO+PI, subscribe, None+PO+PI", "To, subscribe, To", "To+PI, subscribe, To+PI",
      "From, subscribe, From+PO", "From+PO, subscribe, From+PO", "Both, subscribe, Both",
      // A.2.2 unsubscribe
      "None, unsubscribe, None", "None+PO, unsubscribe, None", "None+PI, unsubscribe, None+PI",
      "None+PO+PI, unsubscribe, None+PI", "To, unsubscribe, None", "To+PI, unsubscribe, None+PI",
      "From, unsubscribe, From", "From+PO, unsubscribe, From", "Both, unsubscribe, From",
      // A.2.3 subscribed
      "None, subscribed, None", "None+PO, subscribed, None+PO", "None+PI, subscribed, From",
      "None+PO+PI, subscribed, From+PO", "To, subscribed, To", "To+PI, subscribed, Both",
      "From, subscribed, From", "From+PO, subscribed, From+PO", "Both, subscribed, Both",
      // A.2.4 unsubscribed
      "None, unsubscribed, None", "None+PO, unsubscribed, None+PO", "None+PI, unsubscribed, None",
      "None+PO+PI, unsubscribed, None+PO", "To, unsubscribed, To", "To+PI, unsubscribed, To",
      "From, unsubscribed, None", "From+PO, unsubscribed, None+PO", "Both, unsubscribed, To",
  })
  void outbound_appendixA2_matchesTable(String before, String type, String after) {
    assertThat(parse(before).outbound(type)).isEqualTo(parse(after));
  }

  @ParameterizedTest(name = "inbound {1} in {0} -> {2}")
  @CsvSource({
      // A.3.1 subscribe
      "None, subscribe, None+PI", "None+PO, subscribe, None+PO+PI", "None+PI, subscribe, None+PI",
      "None+PO+PI, subscribe, None+PO+PI", "To, subscribe, To+PI", "To+PI, subscribe, To+PI",
      "From, subscribe, From", "From+PO, subscribe, From+PO", "Both, subscribe, Both",
      // A.3.2 unsubscribe
      "None, unsubscribe, None", "None+PO, unsubscribe, None+PO", "None+PI, unsubscribe, None",
      "None+PO+PI, unsubscribe, None+PO", "To, unsubscribe, To", "To+PI, unsubscribe, To",
      "From, unsubscribe, None", "From+PO, unsubscribe, None+PO", "Both, unsubscribe, To",
      // A.3.3 subscribed
      "None, subscribed, None", "None+PO, subscribed, To", "None+PI, subscribed, None+PI",
      "None+PO+PI, subscribed, To+PI", "To, subscribed, To", "To+PI, subscribed, To+PI",
      "From, subscribed, From", "From+PO, subscribed, Both", "Both, subscribed, Both",
      // A.3.4 unsubscribed
      "None, unsubscribed, None", "None+PO, unsubscribed, None", "None+PI, unsubscribed, None+PI",
      "None+PO+PI, unsubscribed, None+PI", "To, unsubscribed, None", "To+PI, unsubscribed, None+PI",
      "From, unsubscribed, From", "From+PO, unsubscribed, From", "Both, unsubscribed, From",
  })
  void inbound_appendixA3_matchesTable(String before, String type, String after) {
    assertThat(parse(before).inbound(type)).isEqualTo(parse(after));
  }
}
