package io.switchboard.bench.scenario;

import io.switchboard.bench.client.ClientSession;
import io.switchboard.bench.scenario.muc.MucStanzas;
import io.switchboard.bench.scenario.muc.RoomOccupancy;
import io.switchboard.bench.scenario.muc.RoomOpenings;
import io.switchboard.bench.scenario.muc.RoomPlan;
import io.switchboard.bench.scenario.muc.RoomStanza;
import io.switchboard.protocol.xml.XmlElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The muc scenario on one event loop. A session whose user has a room joins it when it comes
 * online if it is the room's first session in this process, or once the room is open
 * ({@link RoomOpenings}): a new room is locked until its owner configures it (XEP-0045 §10.1.1),
 * and the service refuses other joins meanwhile with {@code <item-not-found/>}. Whoever gets status
 * 201 (it created the room) submits a configuration form with the room size as
 * {@code muc#roomconfig_maxusers}, and the empty instant-room form if that is refused; the answer
 * opens the room to the held joins (counted as {@code joinsHeld}), and so does a first join that
 * gets in without 201 (the room existed, or the service does not lock). A held join goes anyway
 * after {@value #HOLD_SECONDS} s. A join answered with an error (e.g. the room is locked by another
 * process's session) is retried once a second, at most {@value #JOIN_ATTEMPTS} times; a session not
 * in its room {@link MucSettings#joinTimeoutSeconds()} after login counts as {@code joinTimedOut}.
 */
final class MucLoop implements ScenarioLoop {
  static final int JOIN_ATTEMPTS = 30;
  static final int HOLD_SECONDS = 10;

  private final LoopContext loop;
  private final RoomPlan plan;
  private final RoomOccupancy occupancy;
  private final RoomOpenings openings;
  private final MucSettings muc;
  private final PacedTicker ticker;
  private final long createdMicros;
  private final Map<ClientSession, Occupant> occupants = new HashMap<>();
  private final List<Occupant> inRoom = new ArrayList<>();
  private long trafficStartNanos;
  private int cursor;

  MucLoop(LoopContext loop, RoomOccupancy occupancy, RoomOpenings openings) {
    this.loop = loop;
    this.muc = loop.settings().muc();
    this.plan = RoomPlan.of(loop.users(), muc, loop.credentials().domain());
    this.occupancy = occupancy;
    this.openings = openings;
    this.createdMicros = loop.clock().nowMicros();
    this.ticker = new PacedTicker(loop, this::rateNow, this::sendOne);
  }

  /** This loop's share (by joined occupants) of the total rate of the current step. */
  private double rateNow() {
    int total = occupancy.total();
    if (total == 0 || inRoom.isEmpty()) {
      return 0;
    }
    double step = muc.stepAt((System.nanoTime() - trafficStartNanos) / 1e9);
    return loop.settings().ratePerUser() * step * inRoom.size() / total;
  }

  @Override
  public void onOnline(ClientSession session) {
    int room = plan.roomOf(session.user());
    if (room < 0) {
      return;
    }
    Occupant occupant = new Occupant(session, room, plan.roomJid(room), RoomPlan.nick(session.user()));
    occupants.put(session, occupant);
    RoomOpenings.Turn turn = openings.enter(room, loop.eventLoop(), () -> joinHeld(occupant));
    occupant.first = turn == RoomOpenings.Turn.FIRST;
    if (turn == RoomOpenings.Turn.WAIT) {
      loop.metrics().extra("joinsHeld").increment();
      loop.eventLoop().schedule(() -> {
        if (occupant.attempts == 0 && !occupant.failed) {
          loop.metrics().extra("joinHoldExpired").increment();
          joinHeld(occupant);
        }
      }, HOLD_SECONDS, TimeUnit.SECONDS);
    } else {
      join(occupant);
    }
    loop.eventLoop().schedule(() -> {
      if (!occupant.joined && !occupant.failed) {
        occupant.failed = true;
        loop.metrics().extra("joinTimedOut").increment();
        gaveUp(occupant);
      }
    }, muc.joinTimeoutSeconds(), TimeUnit.SECONDS);
  }

  /** A held join, when its room opened: sent unless it went already (the hold expired) or failed. */
  private void joinHeld(Occupant occupant) {
    if (occupant.attempts == 0 && !occupant.joined && !occupant.failed) {
      join(occupant);
    }
  }

  /** The room's first session here is not getting in: the held joins go and fend for themselves. */
  private void gaveUp(Occupant occupant) {
    if (occupant.first) {
      openings.open(occupant.room);
    }
  }

  private void join(Occupant occupant) {
    occupant.attempts++;
    occupant.session.send(MucStanzas.join(occupant.roomJid, occupant.nick));
  }

  @Override
  public void startTraffic() {
    trafficStartNanos = System.nanoTime();
    ticker.start();
  }

  @Override
  public void stopTraffic() {
    ticker.stop();
  }

  private void sendOne() {
    if (inRoom.isEmpty()) {
      return;
    }
    cursor = (cursor + 1) % inRoom.size();
    Occupant sender = inRoom.get(cursor);
    if (!sender.session.isOnline()) {
      return;
    }
    if (!sender.session.isWritable()) {
      loop.metrics().sendsBlocked.increment();
      return;
    }
    loop.metrics().extra("expectedCopies").add(occupancy.in(sender.room));
    sender.session.send(MucStanzas.groupchat(sender.roomJid,
        Stamp.text(loop.clock().nowMicros(), loop.settings().payloadChars())));
    loop.metrics().sent.increment();
  }

  @Override
  public void onStanza(ClientSession session, XmlElement stanza) {
    Occupant occupant = occupants.get(session);
    if (occupant == null) {
      return;
    }
    switch (stanza.name()) {
      case "message" -> onMessage(stanza);
      case "presence" -> onPresence(occupant, stanza);
      case "iq" -> onConfigAnswer(occupant, stanza);
      default -> { }
    }
  }

  private void onMessage(XmlElement message) {
    if ("error".equals(message.attr("type"))) {
      loop.metrics().stanzaErrors.increment();
      loop.metrics().extra("groupchatError." + RoomStanza.errorCondition(message)).increment();
      return;
    }
    long stamp = RoomStanza.groupchatStamp(message);
    if (stamp < 0 || plan.roomIndex(RoomStanza.bare(message.attr("from"))) < 0) {
      return; // subject, status messages, other traffic
    }
    if (stamp >= createdMicros) {
      loop.metrics().delivered.increment();
      loop.metrics().recordStanzaLatency(loop.clock().nowMicros() - stamp);
    } else {
      loop.metrics().extra("copiesOther").increment();
    }
  }

  private void onPresence(Occupant occupant, XmlElement presence) {
    String from = presence.attr("from");
    if (from == null || !occupant.roomJid.equals(RoomStanza.bare(from))) {
      return;
    }
    Set<Integer> codes = RoomStanza.statusCodes(presence);
    boolean self = codes.contains(110) || from.equals(occupant.roomJid + "/" + occupant.nick);
    String type = presence.attr("type");
    if ("error".equals(type)) {
      onJoinError(occupant, presence);
    } else if ("unavailable".equals(type)) {
      if (self && occupant.joined) {
        occupant.joined = false;
        inRoom.remove(occupant);
        occupancy.left(occupant.room);
        loop.metrics().extra("removedFromRoom").increment();
      }
    } else if (self && !occupant.joined && !occupant.failed) {
      occupant.joined = true;
      inRoom.add(occupant);
      occupancy.entered(occupant.room);
      loop.metrics().extra("joined").increment();
      if (codes.contains(201)) {
        loop.metrics().extra("roomsCreated").increment();
        occupant.session.send(MucStanzas.configure(occupant.roomJid, occupant.room,
            Math.max(plan.roomSize(), plan.plannedOccupants(occupant.room))));
      } else {
        openings.open(occupant.room); // it existed, or this service does not lock new rooms
      }
    }
  }

  private void onJoinError(Occupant occupant, XmlElement presence) {
    if (occupant.joined || occupant.failed) {
      return;
    }
    loop.metrics().extra("joinError." + RoomStanza.errorCondition(presence)).increment();
    if (occupant.attempts < JOIN_ATTEMPTS) {
      loop.metrics().extra("joinRetries").increment();
      loop.eventLoop().schedule(() -> {
        if (!occupant.joined && !occupant.failed) {
          join(occupant);
        }
      }, 1, TimeUnit.SECONDS);
    } else {
      occupant.failed = true;
      loop.metrics().extra("joinFailed").increment();
      loop.metrics().stanzaErrors.increment();
      gaveUp(occupant);
    }
  }

  private void onConfigAnswer(Occupant occupant, XmlElement iq) {
    String id = iq.attr("id");
    boolean ok = "result".equals(iq.attr("type"));
    if (id == null) {
      return;
    }
    if (id.startsWith(MucStanzas.CONFIG_ID)) {
      if (ok) {
        loop.metrics().extra("roomsConfigured").increment();
        openings.open(occupant.room); // §10.1.1 step 6: the service unlocked the room
      } else {
        loop.metrics().extra("roomConfigRefused." + RoomStanza.errorCondition(iq)).increment();
        occupant.session.send(MucStanzas.instant(occupant.roomJid, occupant.room));
      }
    } else if (id.startsWith(MucStanzas.INSTANT_ID)) {
      loop.metrics().extra(ok ? "roomsInstant" : "roomInstantFailed").increment();
      if (!ok) {
        loop.metrics().stanzaErrors.increment();
      }
      openings.open(occupant.room); // unlocked (§10.1.2), or nothing more this session can do
    }
  }

  /** One session's place in its room; touched only on this loop. */
  private static final class Occupant {
    final ClientSession session;
    final int room;
    final String roomJid;
    final String nick;
    int attempts;
    boolean first;
    boolean joined;
    boolean failed;

    Occupant(ClientSession session, int room, String roomJid, String nick) {
      this.session = session;
      this.room = room;
      this.roomJid = roomJid;
      this.nick = nick;
    }
  }
}
