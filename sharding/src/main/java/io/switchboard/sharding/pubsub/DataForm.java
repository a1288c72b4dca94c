package io.switchboard.sharding.pubsub;

import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An XEP-0004 data form as this package reads and writes it: the form type, then each field's
 * values by {@code var}, in order.
 */
record DataForm(String type, String formType, Map<String, List<String>> fields) {

  DataForm {
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The {@code jabber:x:data} child of {@code parent}, if any. */
  static Optional<DataForm> in(XmlElement parent) {
    return parent.child("x", PubSubNamespaces.DATA).map(DataForm::parse);
  }

  static DataForm parse(XmlElement x) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String formType = null;
    for (XmlElement field : x.elements("field", PubSubNamespaces.DATA)) {
      String var = field.attr("var");
      if (var == null) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (XmlElement v : field.elements("value", PubSubNamespaces.DATA)) {
        values.add(v.text());
      }
      if (var.equals("FORM_TYPE")) {
        formType = values.isEmpty() ? null : values.get(0).trim();
      } else {
        fields.put(var, List.copyOf(values));
      }
    }
    return new DataForm(x.attr("type"), formType, fields);
  }

  /** The first value of {@code var}, or null. */
  String value(String var) {
    List<String> v = fields.get(var);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Builds {@code <x xmlns='jabber:x:data' type=...>} with a hidden FORM_TYPE first. */
  static Builder builder(String type, String formType) {
    return new Builder(type, formType);
  }

  static final class Builder {
    private final XmlElement.Builder x;

    private Builder(String type, String formType) {
      x = XmlElement.builder("x", PubSubNamespaces.DATA).attr("type", type);
      if (formType != null) {
        field("FORM_TYPE", "hidden", null, List.of(formType));
      }
    }

    Builder title(String title) {
      x.textChild("title", title);
      return this;
    }

    Builder instructions(String text) {
      x.textChild("instructions", text);
      return this;
    }

    Builder field(String var, String fieldType, String label, List<String> values) {
      return field(var, fieldType, label, values, List.of());
    }

    /** A field; {@code options} become {@code <option><value/></option>} (list fields). */
    Builder field(String var, String fieldType, String label, List<String> values,
        List<String> options) {
      XmlElement.Builder f = XmlElement.builder("field", PubSubNamespaces.DATA)
          .attr("var", var).attr("type", fieldType).attr("label", label);
      for (String o : options) {
        f.child(XmlElement.builder("option", PubSubNamespaces.DATA)
            .child(XmlElement.builder("value", PubSubNamespaces.DATA).text(o)));
      }
      for (String v : values) {
        f.child(XmlElement.builder("value", PubSubNamespaces.DATA).text(v));
      }
      x.child(f);
      return this;
    }

    XmlElement build() {
      return x.build();
    }
  }
}
