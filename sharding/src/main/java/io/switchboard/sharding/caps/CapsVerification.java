package io.switchboard.sharding.caps;

import io.switchboard.protocol.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * XEP-0115 §5: the verification string of a disco#info answer, so a cached feature list can be
 * trusted for every presence that names the same {@code ver} (a client cannot poison the cache
 * for others with a wrong answer).
 */
public final class CapsVerification {
  private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
  private static final String DATA = "jabber:x:data";

  private CapsVerification() {}

  /** Whether {@code query} (a disco#info {@code <query/>}) hashes to {@code ref}'s ver. */
  public static boolean matches(CapsRef ref, XmlElement query) {
    return ver(ref.hash(), query).map(v -> v.equals(ref.ver())).orElse(false);
  }

  /** The features the answer lists. */
  public static List<String> features(XmlElement query) {
    List<String> out = new ArrayList<>();
    for (XmlElement f : query.elements("feature", DISCO_INFO)) {
      if (f.attr("var") != null) {
        out.add(f.attr("var"));
      }
    }
    return out;
  }

  /** The verification string for {@code hash} ("sha-1", "sha-256", ...), if the hash is known. */
  public static Optional<String> ver(String hash, XmlElement query) {
    Optional<MessageDigest> digest = digest(hash);
    if (digest.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder s = new StringBuilder();
    List<String> identities = new ArrayList<>();
    for (XmlElement i : query.elements("identity", DISCO_INFO)) {
      identities.add(nz(i.attr("category")) + "/" + nz(i.attr("type")) + "/" + nz(i.attr("xml:lang"))
          + "/" + nz(i.attr("name")));
    }
    identities.sort(Comparator.naturalOrder());
    identities.forEach(i -> s.append(i).append('<'));
    List<String> features = features(query);
    features.sort(Comparator.naturalOrder());
    features.forEach(f -> s.append(f).append('<'));
    List<List<String>> forms = new ArrayList<>();
    for (XmlElement x : query.elements("x", DATA)) {
      forms.add(form(x));
    }
    forms.sort(Comparator.comparing(f -> f.isEmpty() ? "" : f.get(0)));
    forms.forEach(f -> f.forEach(part -> s.append(part).append('<')));
    byte[] bytes = digest.get().digest(s.toString().getBytes(StandardCharsets.UTF_8));
    return Optional.of(Base64.getEncoder().encodeToString(bytes));
  }

  /** FORM_TYPE value first, then each other field's var and sorted values. */
  private static List<String> form(XmlElement x) {
    String formType = "";
    List<List<String>> fields = new ArrayList<>();
    for (XmlElement field : x.elements("field", DATA)) {
      List<String> values = new ArrayList<>();
      for (XmlElement v : field.elements("value", DATA)) {
        values.add(v.text());
      }
      if ("FORM_TYPE".equals(field.attr("var"))) {
        formType = values.isEmpty() ? "" : values.get(0);
        continue;
      }
      values.sort(Comparator.naturalOrder());
      List<String> f = new ArrayList<>();
      f.add(nz(field.attr("var")));
      f.addAll(values);
      fields.add(f);
    }
    fields.sort(Comparator.comparing(f -> f.get(0)));
    List<String> out = new ArrayList<>();
    out.add(formType);
    fields.forEach(out::addAll);
    return out;
  }

  private static Optional<MessageDigest> digest(String hash) {
    String algorithm = switch (hash == null ? "" : hash.toLowerCase(Locale.ROOT)) {
      case "sha-1" -> "SHA-1";
      case "sha-224" -> "SHA-224";
      case "sha-256" -> "SHA-256";
      case "sha-384" -> "SHA-384";
      case "sha-512" -> "SHA-512";
      case "md5" -> "MD5";
      default -> null;
    };
    if (algorithm == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(MessageDigest.getInstance(algorithm));
    } catch (NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
