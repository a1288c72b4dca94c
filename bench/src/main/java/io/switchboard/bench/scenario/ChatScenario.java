package io.switchboard.bench.scenario;

import io.switchboard.bench.client.ClientSession;
import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One-to-one chat: every online user sends {@code ratePerUser} messages per second, round-robin
 * over the loop's online sessions, each to a random other user (an online session of this
 * process, or any user of the run with {@link ScenarioSettings.Targets#ALL}, addressed by bare
 * JID). The body carries the send time ({@link Stamp}); the receiving session records end-to-end
 * latency. Messages answered with type='error' count as stanza errors.
 */
public final class ChatScenario implements Scenario {
  public static final String NAME = "chat";

  private final ScenarioSettings settings;

  public ChatScenario(ScenarioSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Every online user sends at the per-user rate. */
  @Override
  public double offeredPerSecond(int online) {
    return settings.ratePerUser() * online;
  }

  /** A message reaches its one recipient or comes back as an error. */
  @Override
  public boolean deliversOncePerSend() {
    return true;
  }

  @Override
  public ScenarioLoop onLoop(LoopContext loop) {
    return new ChatLoop(loop, settings);
  }

  private static final class ChatLoop implements ScenarioLoop {
    private final LoopContext loop;
    private final ScenarioSettings settings;
    private final PacedTicker ticker;
    private int cursor;

    ChatLoop(LoopContext loop, ScenarioSettings settings) {
      this.loop = loop;
      this.settings = settings;
      this.ticker = new PacedTicker(loop, () -> settings.ratePerUser() * loop.online().size(), this::sendOne);
    }

    @Override
    public void startTraffic() {
      ticker.start();
    }

    @Override
    public void stopTraffic() {
      ticker.stop();
    }

    private void sendOne() {
      int n = loop.online().size();
      if (n == 0 || (n < 2 && settings.targets() == ScenarioSettings.Targets.LOCAL)) {
        return;
      }
      cursor = (cursor + 1) % n;
      ClientSession sender = loop.online().get(cursor);
      String to = target(sender);
      if (to == null) {
        return;
      }
      if (!sender.isWritable()) {
        loop.metrics().sendsBlocked.increment();
        return;
      }
      StringBuilder sb = new StringBuilder(96 + settings.payloadChars())
          .append("<message to='").append(to).append("' type='chat'><body>")
          .append(Stamp.text(loop.clock().nowMicros(), settings.payloadChars()))
          .append("</body></message>");
      sender.send(sb.toString());
      loop.metrics().sent.increment();
    }

    private String target(ClientSession sender) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      if (settings.targets() == ScenarioSettings.Targets.LOCAL) {
        ClientSession other = loop.online().randomOther(sender, random);
        return other == null ? null : other.bareJid();
      }
      UserRange users = loop.users();
      if (users.totalUsers() < 2) {
        return null;
      }
      int user;
      do {
        user = users.firstUser() + random.nextInt(users.totalUsers());
      } while (user == sender.user());
      return loop.credentials().bareJid(user);
    }

    @Override
    public void onStanza(ClientSession session, XmlElement stanza) {
      if (!stanza.name().equals("message")) {
        return;
      }
      if ("error".equals(stanza.attr("type"))) {
        loop.metrics().stanzaErrors.increment();
        return;
      }
      long stamp = Stamp.parse(stanza.childText("body", Namespaces.JABBER_CLIENT).orElse(null));
      if (stamp >= 0) {
        loop.metrics().delivered.increment();
        loop.metrics().recordStanzaLatency(loop.clock().nowMicros() - stamp);
      }
    }
  }
}
