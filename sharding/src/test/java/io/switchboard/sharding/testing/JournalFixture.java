package io.switchboard.sharding.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import org.apache.pekko.serialization.Serialization;

/**
 * Journal fixtures ({@code src/test/resources/journal-fixture}, see its README): events and
 * snapshots an older commit serialized, each entry {@code serializerId}, {@code manifest} and
 * Base64 {@code bytes}, read back through today's Pekko serialization as the journal reads them.
 */
public final class JournalFixture {
  private JournalFixture() {}

  /** The fixture file {@code name} under {@code /journal-fixture/}. */
  public static JsonNode load(String name) throws IOException {
    try (InputStream in = JournalFixture.class.getResourceAsStream("/journal-fixture/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** One recorded entry, deserialized. */
  public static Object read(Serialization serialization, JsonNode entry) {
    return serialization.deserialize(Base64.getDecoder().decode(entry.get("bytes").asText()),
        entry.get("serializerId").asInt(), entry.get("manifest").asText()).get();
  }
}
