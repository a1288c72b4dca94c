package io.switchboard.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lookups over one rendered set of objects: the node Deployment, its container and environment. */
final class Workload {
  /** The node container's name in the chart and in k8s/. */
  static final String CONTAINER = "switchboard";

  private final List<HasMetadata> objects;

  Workload(List<HasMetadata> objects) {
    this.objects = List.copyOf(objects);
  }

  List<HasMetadata> objects() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  Deployment deployment() {
    List<Deployment> deployments = all(Deployment.class);
    if (deployments.size() != 1) {
      throw new AssertionError("expected one Deployment, got " + deployments.size());
    }
    return deployments.get(0);
  }

  PodTemplateSpec podTemplate() {
    return deployment().getSpec().getTemplate();
  }

  Map<String, String> podLabels() {
    return podTemplate().getMetadata().getLabels();
  }

  Container container() {
    return podTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(CONTAINER))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container named " + CONTAINER));
  }

  /**
   * The container's environment as the kubelet builds it: envFrom ConfigMaps (found among the
   * objects) first, then env. A value from the downward API reads "fieldRef:PATH", from a
   * Secret "secretKeyRef:NAME/KEY".
   */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    Container c = container();
    for (EnvFromSource from : c.getEnvFrom()) {
      if (from.getConfigMapRef() == null) {
        throw new AssertionError("envFrom other than a ConfigMap: " + from);
      }
      String name = from.getConfigMapRef().getName();
      ConfigMap cm = named(ConfigMap.class, name)
          .orElseThrow(() -> new AssertionError("envFrom ConfigMap " + name + " is not rendered"));
      env.putAll(cm.getData());
    }
    for (EnvVar v : c.getEnv()) {
      if (v.getValueFrom() == null) {
        env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
      } else if (v.getValueFrom().getFieldRef() != null) {
        env.put(v.getName(), "fieldRef:" + v.getValueFrom().getFieldRef().getFieldPath());
      } else if (v.getValueFrom().getSecretKeyRef() != null) {
        env.put(v.getName(), "secretKeyRef:" + v.getValueFrom().getSecretKeyRef().getName() + "/"
            + v.getValueFrom().getSecretKeyRef().getKey());
      } else {
        env.put(v.getName(), "valueFrom:" + v.getValueFrom());
      }
    }
    return env;
  }

  /** Every pod template among the objects (Deployments, StatefulSets) and bare Pods' labels. */
  Map<String, Map<String, String>> podLabelsByOwner() {
    Map<String, Map<String, String>> labels = new LinkedHashMap<>();
    for (Deployment d : all(Deployment.class)) {
      labels.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate().getMetadata().getLabels());
    }
    for (StatefulSet s : all(StatefulSet.class)) {
      labels.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate().getMetadata().getLabels());
    }
    for (Pod p : all(Pod.class)) {
      labels.put("Pod/" + p.getMetadata().getName(), p.getMetadata().getLabels());
    }
    return labels;
  }

  /** "a=b,c=d" (equality-based selector, as the discovery uses) into a map. */
  static Map<String, String> parseSelector(String selector) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String term : selector.split(",")) {
      String[] kv = term.trim().split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[0].endsWith("!")) {
        throw new AssertionError("not an equality selector term: '" + term + "' in " + selector);
      }
      map.put(kv[0].trim(), kv[1].trim());
    }
    return map;
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return labels != null && !selector.isEmpty()
        && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
