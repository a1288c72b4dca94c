package io.switchboard.sharding.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.switchboard.protocol.jid.Jids;
import java.io.IOException;
import java.util.function.Function;
import org.jxmpp.jid.Jid;

/** jxmpp JIDs as their normalised string, parsed back (and type-checked) with {@link Jids}. */
final class JidJson {
  private JidJson() {}

  static final class Serializer extends StdSerializer<Jid> {
    Serializer() {
      super(Jid.class);
    }

    @Override
    public void serialize(Jid jid, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(jid.toString());
    }
  }

  static final class Deserializer<T extends Jid> extends StdDeserializer<T> {
    private final transient Function<Jid, T> narrow;

    Deserializer(Class<T> type, Function<Jid, T> narrow) {
      super(type);
      this.narrow = narrow;
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = p.getValueAsString();
      Jid jid = Jids.parse(text).orElse(null);
      T narrowed = jid == null ? null : narrow.apply(jid);
      if (narrowed == null) {
        return ctxt.reportInputMismatch(handledType(), "not a valid %s: %s",
            handledType().getSimpleName(), text);
      }
      return narrowed;
    }
  }
}
