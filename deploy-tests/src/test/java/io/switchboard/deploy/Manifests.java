package io.switchboard.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Multi-document YAML into typed fabric8 objects, and a check for fields the model does not know. */
final class Manifests {
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  /** The non-empty documents of a YAML stream (a document of comments only is empty). */
  static List<String> documents(String yaml) {
    List<String> docs = new ArrayList<>();
    for (String doc : DOCUMENT_SEPARATOR.split(yaml)) {
      boolean content =
          doc.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
      if (content) {
        docs.add(doc);
      }
    }
    return docs;
  }

  /**
   * Parses every document into its typed model class. Fails on a kind fabric8 does not know
   * (it would come back as a GenericKubernetesResource) and on any wrong-typed field.
   */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : documents(yaml)) {
      Object parsed = SERIALIZATION.unmarshal(doc);
      if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
        throw new AssertionError("not a typed Kubernetes object ("
            + (parsed == null ? "null" : parsed.getClass().getName()) + "):\n" + doc);
      }
      objects.add(object);
    }
    return objects;
  }

  /**
   * Every field the typed model did not recognise, as "Kind/name: path.field". fabric8 keeps
   * unknown fields in additionalProperties at each level, so a typo would otherwise pass.
   */
  static List<String> unknownFields(HasMetadata object) {
    List<String> found = new ArrayList<>();
    walk(object, object.getKind() + "/" + object.getMetadata().getName() + ":", found);
    return found;
  }

  private static void walk(Object node, String path, List<String> found) {
    if (node == null) {
      return;
    }
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", found);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
      return;
    }
    if (!(node instanceof KubernetesResource)) {
      return; // strings, numbers, booleans, enums
    }
    for (Method m : node.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      String name = m.getName();
      if (!name.startsWith("get") || name.equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = m.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (name.equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(k -> found.add(path + "." + k));
        }
      } else {
        String field = Character.toLowerCase(name.charAt(3)) + name.substring(4);
        walk(value, path + "." + field, found);
      }
    }
  }
}
