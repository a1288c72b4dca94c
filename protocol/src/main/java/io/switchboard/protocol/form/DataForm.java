package io.switchboard.protocol.form;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An XEP-0004 data form as a feature reads it: its type, the hidden {@code FORM_TYPE} and each
 * other field's values by {@code var}, in document order. Immutable.
 *
 * @param type the form's {@code type} attribute (form, submit, cancel, result), or null
 * @param formType the value of the {@code FORM_TYPE} field, or null when there is none
 * @param fields every other field's values by {@code var}
 */
public record DataForm(String type, String formType, Map<String, List<String>> fields) {
  public static final String ELEMENT = "x";
  public static final String NAMESPACE = Namespaces.DATA_FORMS;

  public DataForm {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The first {@code jabber:x:data} child of {@code parent}, read. */
  public static Optional<DataForm> in(XmlElement parent) {
    return parent.child(ELEMENT, NAMESPACE).map(DataForm::parse);
  }

  /** Every {@code jabber:x:data} child of {@code parent}, read, in order. */
  public static List<DataForm> allIn(XmlElement parent) {
    return parent.elements(ELEMENT, NAMESPACE).stream().map(DataForm::parse).toList();
  }

  /** Reads {@code <x xmlns='jabber:x:data'/>}; fields without a {@code var} are skipped. */
  public static DataForm parse(XmlElement x) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String formType = null;
    for (XmlElement field : x.elements("field", NAMESPACE)) {
      String var = field.attr("var");
      if (var == null) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (XmlElement v : field.elements("value", NAMESPACE)) {
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

  /** The first value of {@code var}, or null when the field is absent or has no value. */
  public String value(String var) {
    List<String> v = fields.get(var);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** Every value of {@code var} (empty when absent). */
  public List<String> values(String var) {
    return fields.getOrDefault(var, List.of());
  }

  public boolean has(String var) {
    return fields.containsKey(var);
  }

  /** This form as a {@code submit} form again (the fields and FORM_TYPE as read), e.g. to pass it on. */
  public XmlElement toElement() {
    Builder b = builder(type == null ? "submit" : type, formType);
    fields.forEach((var, values) -> b.field(var, null, values));
    return b.build();
  }

  /** Builds {@code <x xmlns='jabber:x:data' type=...>}, with a hidden FORM_TYPE first when not null. */
  public static Builder builder(String type, String formType) {
    return new Builder(type, formType);
  }

  /** Mutable builder of a data form. */
  public static final class Builder {
    private final XmlElement.Builder x;

    private Builder(String type, String formType) {
      x = XmlElement.builder(ELEMENT, NAMESPACE).attr("type", type);
      if (formType != null) {
        field("FORM_TYPE", "hidden", List.of(formType));
      }
    }

    /** A field of {@code fieldType} (null for none) with {@code values}. */
    public Builder field(String var, String fieldType, List<String> values) {
      XmlElement.Builder f = XmlElement.builder("field", NAMESPACE).attr("var", var).attr("type", fieldType);
      for (String v : values) {
        f.child(XmlElement.builder("value", NAMESPACE).text(v));
      }
      x.child(f);
      return this;
    }

    /** A field given as a whole element (with validation or options a caller built). */
    public Builder field(XmlElement field) {
      x.child(field);
      return this;
    }

    public XmlElement build() {
      return x.build();
    }
  }
}
