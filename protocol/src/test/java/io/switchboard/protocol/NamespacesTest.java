package io.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespacesTest {
  @Test
  void constants_areDistinctNonEmptyStrings() throws IllegalAccessException {
    Map<String, String> seen = new HashMap<>();
    for (Field f : Namespaces.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String value = (String) f.get(null);
        assertThat(value).as(f.getName()).isNotBlank();
        assertThat(seen.put(value, f.getName())).as("%s duplicates %s", f.getName(), seen.get(value)).isNull();
      }
    }
    assertThat(seen).containsEntry("urn:xmpp:sm:3", "STREAM_MANAGEMENT").containsEntry("jabber:client", "JABBER_CLIENT");
  }
}
