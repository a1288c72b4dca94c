package io.switchboard.protocol.form;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * XEP-0004: a data form with typed fields, options and instructions in document order (the MUC
 * configuration and room-info forms build and read it; {@link DataForm} is the map view other
 * features use). A form ({@code <x xmlns='jabber:x:data' type=...>}) with its title, instructions
 * and fields in document order. Reported/item tables (search results) are not modelled: no
 * feature here answers with one.
 *
 * @param type form (to fill), submit (filled), cancel, result
 */
public record TypedForm(Type type, String title, List<String> instructions, List<Field> fields) {
  public static final String ELEMENT = "x";
  public static final String NAMESPACE = Namespaces.DATA_FORMS;
  /** The hidden field naming the form's type (XEP-0068). */
  public static final String FORM_TYPE = "FORM_TYPE";

  /** XEP-0004 §3.1 form types. */
  public enum Type {
    FORM, SUBMIT, CANCEL, RESULT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Type> fromWireName(String s) {
      for (Type t : values()) {
        if (t.wireName().equals(s)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  /** XEP-0004 §3.3 field types; a field without a type attribute is text-single. */
  public enum FieldType {
    BOOLEAN("boolean"), FIXED("fixed"), HIDDEN("hidden"), JID_MULTI("jid-multi"),
    JID_SINGLE("jid-single"), LIST_MULTI("list-multi"), LIST_SINGLE("list-single"),
    TEXT_MULTI("text-multi"), TEXT_PRIVATE("text-private"), TEXT_SINGLE("text-single");

    private final String wireName;

    FieldType(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Optional<FieldType> fromWireName(String s) {
      for (FieldType t : values()) {
        if (t.wireName.equals(s)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  /** A list option: its label (may be null) and value. */
  public record Option(String label, String value) {
    public Option {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * One field. {@code type} is null when the element has none (a submitted form usually omits
   * it); {@code var} is null only for fixed fields.
   */
  public record Field(String var, FieldType type, String label, String desc, boolean required,
      List<String> values, List<Option> options) {
    public Field {
      values = List.copyOf(values);
      options = List.copyOf(options);
    }

    public static Field of(String var, FieldType type, String label, List<String> values) {
      return new Field(var, type, label, null, false, values, List.of());
    }

    public Field withOptions(List<Option> newOptions) {
      return new Field(var, type, label, desc, required, values, newOptions);
    }

    /** The first value, or null. */
    public String value() {
      return values.isEmpty() ? null : values.get(0);
    }

    /** XEP-0004 §3.3 boolean: "1"/"true" are true, anything else (or no value) false. */
    public boolean booleanValue() {
      String v = value();
      return v != null && (v.trim().equals("1") || v.trim().equalsIgnoreCase("true"));
    }

    XmlElement toElement() {
      XmlElement.Builder b = XmlElement.builder("field", NAMESPACE)
          .attr("var", var)
          .attr("type", type == null ? null : type.wireName())
          .attr("label", label);
      if (desc != null) {
        b.textChild("desc", desc);
      }
      if (required) {
        b.child(XmlElement.of("required", NAMESPACE));
      }
      for (String v : values) {
        b.child(XmlElement.builder("value", NAMESPACE).text(v));
      }
      for (Option o : options) {
        b.child(XmlElement.builder("option", NAMESPACE).attr("label", o.label())
            .child(XmlElement.builder("value", NAMESPACE).text(o.value())));
      }
      return b.build();
    }

    static Field parse(XmlElement e) {
      List<String> values = new ArrayList<>();
      List<Option> options = new ArrayList<>();
      for (XmlElement c : e.elements()) {
        if (!NAMESPACE.equals(c.namespace())) {
          continue;
        }
        switch (c.name()) {
          case "value" -> values.add(c.text());
          case "option" -> options.add(new Option(c.attr("label"),
              c.childText("value", NAMESPACE).orElse("")));
          default -> { }
        }
      }
      return new Field(e.attr("var"), FieldType.fromWireName(e.attr("type")).orElse(null),
          e.attr("label"), e.childText("desc", NAMESPACE).orElse(null),
          e.child("required", NAMESPACE).isPresent(), values, options);
    }
  }

  public TypedForm {
    Objects.requireNonNull(type, "type");
    instructions = List.copyOf(instructions);
    fields = List.copyOf(fields);
  }

  /** A form of {@code type} with the hidden FORM_TYPE field first (omitted when null). */
  public static TypedForm of(Type type, String formType, String title, List<Field> fields) {
    List<Field> all = new ArrayList<>();
    if (formType != null) {
      all.add(Field.of(FORM_TYPE, FieldType.HIDDEN, null, List.of(formType)));
    }
    all.addAll(fields);
    return new TypedForm(type, title, List.of(), all);
  }

  /**
   * Reads {@code <x xmlns='jabber:x:data'/>}; empty when the element is not one or its type is
   * missing or unknown.
   */
  public static Optional<TypedForm> parse(XmlElement e) {
    if (!e.is(ELEMENT, NAMESPACE)) {
      return Optional.empty();
    }
    Optional<Type> type = Type.fromWireName(e.attr("type"));
    if (type.isEmpty()) {
      return Optional.empty();
    }
    List<String> instructions = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    String title = null;
    for (XmlElement c : e.elements()) {
      if (!NAMESPACE.equals(c.namespace())) {
        continue;
      }
      switch (c.name()) {
        case "title" -> title = c.text();
        case "instructions" -> instructions.add(c.text());
        case "field" -> fields.add(Field.parse(c));
        default -> { }
      }
    }
    return Optional.of(new TypedForm(type.get(), title, instructions, fields));
  }

  /** The value of the FORM_TYPE field, or null. */
  public String formType() {
    return field(FORM_TYPE).map(Field::value).orElse(null);
  }

  public Optional<Field> field(String var) {
    for (Field f : fields) {
      if (var.equals(f.var())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public XmlElement toElement() {
    XmlElement.Builder b = XmlElement.builder(ELEMENT, NAMESPACE).attr("type", type.wireName());
    if (title != null) {
      b.textChild("title", title);
    }
    for (String i : instructions) {
      b.textChild("instructions", i);
    }
    for (Field f : fields) {
      b.child(f.toElement());
    }
    return b.build();
  }
}
