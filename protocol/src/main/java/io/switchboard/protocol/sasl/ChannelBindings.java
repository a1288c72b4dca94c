package io.switchboard.protocol.sasl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The channel bindings one connection can give (RFC 5056): which types, and each one's data,
 * computed when a SCRAM-*-PLUS exchange asks for it (the TLS session is established by then). A
 * connection without TLS, or whose TLS is terminated elsewhere, has {@link #NONE}; the server then
 * offers no -PLUS mechanism on it.
 */
public final class ChannelBindings {
  public static final ChannelBindings NONE = new ChannelBindings(Map.of());

  private final Map<ChannelBindingType, Supplier<Optional<byte[]>>> data;

  private ChannelBindings(Map<ChannelBindingType, Supplier<Optional<byte[]>>> data) {
    this.data = data;
  }

  /**
   * @param data per type, the binding data of this connection (empty when the type turns out not
   *     to be available after all)
   */
  public static ChannelBindings of(Map<ChannelBindingType, Supplier<Optional<byte[]>>> data) {
    return data.isEmpty() ? NONE : new ChannelBindings(Collections.unmodifiableMap(new EnumMap<>(data)));
  }

  /** The types offered, strongest first (the order of {@link ChannelBindingType}). */
  public List<ChannelBindingType> types() {
    return new ArrayList<>(data.keySet());
  }

  public boolean isEmpty() {
    return data.isEmpty();
  }

  /** The binding data of {@code type}, empty when this connection does not offer it. */
  public Optional<byte[]> data(ChannelBindingType type) {
    Supplier<Optional<byte[]>> s = data.get(type);
    return s == null ? Optional.empty() : s.get().map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "ChannelBindings" + data.keySet();
  }
}
