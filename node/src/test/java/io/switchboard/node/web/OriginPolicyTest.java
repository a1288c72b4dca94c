package io.switchboard.node.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
  @Test
  void allows_noOrigin_nonBrowserClient() {
    assertThat(new OriginPolicy(List.of()).allows(Optional.empty(), Optional.of("chat.example.com"))).isTrue();
  }

  @Test
  void allows_defaultList_sameOriginOnly() {
    OriginPolicy p = new OriginPolicy(List.of());
    assertThat(p.allows(Optional.of("https://chat.example.com"), Optional.of("chat.example.com"))).isTrue();
    assertThat(p.allows(Optional.of("https://chat.example.com"), Optional.of("chat.example.com:443"))).isTrue();
    assertThat(p.allows(Optional.of("http://127.0.0.1:5280"), Optional.of("127.0.0.1:5280"))).isTrue();
    assertThat(p.allows(Optional.of("https://evil.example"), Optional.of("chat.example.com"))).isFalse();
    assertThat(p.allows(Optional.of("null"), Optional.of("chat.example.com"))).isFalse();
  }

  @Test
  void allows_list_exactOriginsOrAny() {
    OriginPolicy p = new OriginPolicy(List.of("https://www.example.com"));
    assertThat(p.allows(Optional.of("https://WWW.example.com"), Optional.of("chat.example.com"))).isTrue();
    assertThat(p.allows(Optional.of("http://www.example.com"), Optional.of("chat.example.com"))).isFalse();
    assertThat(p.allows(Optional.of("https://chat.example.com"), Optional.of("chat.example.com"))).isFalse();
    assertThat(new OriginPolicy(List.of("*")).allows(Optional.of("https://any.example"), Optional.empty())).isTrue();
  }

  @Test
  void corsOrigin_echoedOnlyWhenAllowed() {
    OriginPolicy p = new OriginPolicy(List.of("https://www.example.com"));
    assertThat(p.corsOrigin(Optional.of("https://www.example.com"), Optional.empty())).hasValue("https://www.example.com");
    assertThat(p.corsOrigin(Optional.of("https://evil.example"), Optional.empty())).isEmpty();
  }
}
