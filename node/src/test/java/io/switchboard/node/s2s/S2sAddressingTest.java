package io.switchboard.node.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.error.StreamErrorCondition;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class S2sAddressingTest {
  private static final Predicate<String> HOSTED = Set.of("sw.test", "pubsub.sw.test")::contains;
  private static final Set<String> PAIRS = Set.of(S2sAddressing.pair("peer.test", "sw.test"));

  private static Optional<StreamErrorCondition> check(String from, String to) {
    return S2sAddressing.check(from, to, HOSTED, PAIRS);
  }

  @Test
  void authenticatedPair_accepted_anyLocalpartOrResource() {
    assertThat(check("pat@peer.test/phone", "alice@sw.test/laptop")).isEmpty();
    assertThat(check("peer.test", "sw.test")).isEmpty();
  }

  @Test
  void missingOrInvalidAddress_improperAddressing() {
    assertThat(check(null, "alice@sw.test")).contains(StreamErrorCondition.IMPROPER_ADDRESSING);
    assertThat(check("pat@peer.test", null)).contains(StreamErrorCondition.IMPROPER_ADDRESSING);
    assertThat(check("pat@peer.test", "")).contains(StreamErrorCondition.IMPROPER_ADDRESSING);
  }

  @Test
  void toADomainNotServed_hostUnknown_evenFromTheAuthenticatedDomain() {
    assertThat(check("pat@peer.test", "eve@elsewhere.test")).contains(StreamErrorCondition.HOST_UNKNOWN);
    assertThat(check("pat@peer.test", "pat@peer.test")).contains(StreamErrorCondition.HOST_UNKNOWN);
  }

  @Test
  void fromAnotherDomain_orToAnotherOfOurDomains_invalidFrom() {
    // A peer speaks only for the domains it authenticated, and only towards the local domain it
    // authenticated them for.
    assertThat(check("eve@other.test", "alice@sw.test")).contains(StreamErrorCondition.INVALID_FROM);
    assertThat(check("pat@sub.peer.test", "alice@sw.test")).contains(StreamErrorCondition.INVALID_FROM);
    assertThat(check("pat@peer.test", "pubsub.sw.test")).contains(StreamErrorCondition.INVALID_FROM);
  }

  @Test
  void noPairYet_invalidFrom() {
    assertThat(S2sAddressing.check("pat@peer.test", "alice@sw.test", HOSTED, Set.of()))
        .contains(StreamErrorCondition.INVALID_FROM);
  }
}
