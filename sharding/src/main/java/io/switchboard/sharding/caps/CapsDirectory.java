package io.switchboard.sharding.caps;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified feature lists by verification string ({@code ver}), shared by every entity: a caps
 * hash is resolved with disco#info once, not once per contact or per node.
 */
public interface CapsDirectory {

  CompletionStage<Optional<List<String>>> features(String ver);

  /** Records what a verified disco#info answer listed for {@code ver}. */
  void learned(String ver, List<String> features);

  /** A directory held in this JVM only (single-class tests). */
  static CapsDirectory local() {
    ConcurrentHashMap<String, List<String>> known = new ConcurrentHashMap<>();
    return new CapsDirectory() {
      @Override
      public CompletionStage<Optional<List<String>>> features(String ver) {
        return CompletableFuture.completedFuture(Optional.ofNullable(known.get(ver)));
      }

      @Override
      public void learned(String ver, List<String> features) {
        known.put(ver, List.copyOf(features));
      }
    };
  }
}
