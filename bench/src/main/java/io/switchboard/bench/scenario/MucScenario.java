package io.switchboard.bench.scenario;

import io.switchboard.bench.scenario.muc.RoomOccupancy;
import io.switchboard.bench.scenario.muc.RoomOpenings;

/**
 * Group chat (XEP-0045): users fill rooms of {@link MucSettings#roomSize()} occupants at the MUC
 * service ({@link io.switchboard.bench.scenario.muc.RoomPlan}); in the measured phase the joined
 * occupants of this process send {@code rate} groupchat messages per second in total (× the step,
 * {@link MucSettings#stepAt}), round-robin over the occupants, each body stamped ({@link Stamp}).
 * Every occupant's copy (the sender's reflected one included) is a delivery with its latency;
 * {@code expectedCopies} adds the room's joined occupants of this process at each send, so
 * expected − delivered is the copies lost. Joining is in {@link MucLoop}.
 */
public final class MucScenario implements Scenario {
  public static final String NAME = "muc";

  private final ScenarioSettings settings;
  private final RoomOccupancy occupancy;
  private final RoomOpenings openings;

  public MucScenario(ScenarioSettings settings) {
    this.settings = settings;
    this.occupancy = new RoomOccupancy(settings.muc().rooms());
    this.openings = new RoomOpenings(settings.muc().rooms());
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The mean over the steps of the total rate (for a duration of steps × step seconds). */
  @Override
  public double offeredPerSecond(int online) {
    return settings.ratePerUser() * (settings.muc().steps() + 1) / 2.0;
  }

  @Override
  public ScenarioLoop onLoop(LoopContext loop) {
    return new MucLoop(loop, occupancy, openings);
  }
}
