package io.switchboard.sharding.caps;

import io.switchboard.sharding.serialization.CborSerializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The {@link CapsDirectory} of a cluster: an LWW map in Pekko Distributed Data, read and written
 * locally and gossiped to every node (feature lists are small and verified, so a lost write only
 * costs one more disco#info). Not durable: it is rebuilt as clients come online.
 */
public final class ReplicatedCapsDirectory implements CapsDirectory {
  private static final Key<LWWMap<String, Features>> KEY = LWWMapKey.create("xep0115-caps");
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  /** One verified feature list (a CBOR-serializable value for the replicated map). */
  public record Features(List<String> features) implements CborSerializable {}

  private final ActorSystem<?> system;
  private final org.apache.pekko.actor.typed.ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;

  public ReplicatedCapsDirectory(ActorSystem<?> system) {
    this.system = system;
    DistributedData dd = DistributedData.get(system);
    this.replicator = dd.replicator();
    this.self = dd.selfUniqueAddress();
  }

  @Override
  public CompletionStage<Optional<List<String>>> features(String ver) {
    return AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, Features>>>ask(
            replicator, replyTo -> new Replicator.Get<>(KEY, Replicator.readLocal(), replyTo),
            TIMEOUT, system.scheduler())
        .thenApply(r -> lookup(r, ver))
        .exceptionally(e -> Optional.empty());
  }

  private static Optional<List<String>> lookup(
      Replicator.GetResponse<LWWMap<String, Features>> r, String ver) {
    if (r instanceof Replicator.GetSuccess<LWWMap<String, Features>> ok) {
      Features f = ok.get(KEY).getEntries().get(ver);
      return f == null ? Optional.empty() : Optional.of(f.features());
    }
    return Optional.empty();
  }

  @Override
  public void learned(String ver, List<String> features) {
    Features value = new Features(List.copyOf(features));
    replicator.tell(new Replicator.Update<>(KEY, LWWMap.empty(), Replicator.writeLocal(),
        system.ignoreRef(), map -> map.put(self, ver, value)));
  }
}
