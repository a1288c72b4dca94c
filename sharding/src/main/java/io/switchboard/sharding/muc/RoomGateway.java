package io.switchboard.sharding.muc;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** How the service reaches rooms: through sharding, or (tests) straight to local actors. */
interface RoomGateway {
  void tell(String room, MucRoom.Command command);

  <T> CompletionStage<T> ask(String room, Function<ActorRef<T>, MucRoom.Command> message);

  static RoomGateway sharded(ClusterSharding sharding, Duration timeout) {
    return new RoomGateway() {
      @Override
      public void tell(String room, MucRoom.Command command) {
        sharding.entityRefFor(MucRoom.TYPE_KEY, room).tell(command);
      }

      @Override
      public <T> CompletionStage<T> ask(String room, Function<ActorRef<T>, MucRoom.Command> message) {
        return sharding.entityRefFor(MucRoom.TYPE_KEY, room).ask(message::apply, timeout);
      }
    };
  }
}
