package io.switchboard.sharding.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.xml.XmlElement;
import io.switchboard.sharding.mam.MamEvent;
import io.switchboard.sharding.mam.MamPreferences;
import io.switchboard.sharding.push.PushEvent;
import io.switchboard.sharding.push.PushRegistration;
import io.switchboard.sharding.push.PushRegistrations;
import io.switchboard.sharding.session.Account;
import io.switchboard.sharding.session.ConnectionMessage;
import io.switchboard.sharding.session.MessageIds;
import io.switchboard.sharding.session.OnlineRecord;
import io.switchboard.sharding.session.Receipt;
import io.switchboard.sharding.session.ResourceRecord;
import io.switchboard.sharding.session.sm.ParkEvent;
import io.switchboard.sharding.session.sm.ParkedResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Issue #18's events, state slices and messages through the cluster's Jackson CBOR serializer. */
class MobileSerializationTest {
  private static ActorTestKit testKit;
  private static Serialization serialization;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create();
    serialization = SerializationExtension.get(testKit.system().classicSystem());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    byte[] bytes = serialization.serialize(value).get();
    var serializer = serialization.findSerializerFor(value);
    return (T) serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, value)).get();
  }

  private static final XmlElement OPTIONS = XmlElement.builder("x", Namespaces.DATA_FORMS).attr("type", "submit")
      .child(XmlElement.builder("field", Namespaces.DATA_FORMS).attr("var", "secret")
          .child(XmlElement.builder("value", Namespaces.DATA_FORMS).text("s3")))
      .build();

  @Test
  void events_roundTripEqual() {
    MamEvent prefs = new MamEvent.MamPreferencesSet(new MamPreferences(MamPreferences.Default.ROSTER,
        Set.of("romeo@example.net"), Set.of("tybalt@example.net/sword")));
    PushEvent enabled = new PushEvent.PushEnabled(new PushRegistration("push.example.org", "n1", OPTIONS, "phone", true));
    PushEvent disabled = new PushEvent.PushDisabled("push.example.org", null);
    assertThat(roundTrip(prefs)).isEqualTo(prefs);
    assertThat(roundTrip(enabled)).isEqualTo(enabled);
    assertThat(roundTrip(disabled)).isEqualTo(disabled);
  }

  @Test
  void account_withTheNewSlices_roundTripsEqual() {
    Account a = Account.EMPTY
        .apply(new MamEvent.MamPreferencesSet(MamPreferences.of(MamPreferences.Default.NEVER)))
        .apply(new PushEvent.PushEnabled(new PushRegistration("push.example.org", "", null, "phone", false)));
    assertThat(roundTrip(a)).isEqualTo(a);
    assertThat(roundTrip(Account.EMPTY)).isEqualTo(Account.EMPTY);
  }

  @Test
  void parkedResourceAndRecord_keepModuleFlags() {
    ParkedResource p = new ParkedResource("t", 3, 1, List.of(), null, 0, true, 99, Set.of(Namespaces.CARBONS));
    ParkEvent e = new ParkEvent.ResourceParked("phone", p);
    assertThat(roundTrip(e)).isEqualTo(e);
    ResourceRecord r = new ResourceRecord(null, true, false, Set.of(), Set.of(Namespaces.CARBONS));
    assertThat(roundTrip(new ConnectionMessage.ResourceRecorded(r)).record().flags()).containsExactly(Namespaces.CARBONS);
    // A state of a version before flags: no flags, not an error.
    OnlineRecord online = new OnlineRecord(Map.of(), Map.of("phone",
        new ParkedResource("t", 0, 0, List.of(), null, 0, false, 1)), null);
    assertThat(roundTrip(online).parked().get("phone").flags()).isEmpty();
  }

  @Test
  void receiptsAndAcknowledgements_carryTheArchiveIdAndArchives() {
    Receipt r = new Receipt(testKit.<ConnectionMessage>createTestProbe().ref(), 7, MessageIds.next(1),
        List.of("juliet@example.com"));
    Receipt back = roundTrip(r);
    assertThat(back).isEqualTo(r);
    assertThat(back.archives()).containsExactly("juliet@example.com");
    ConnectionMessage.Accepted a = new ConnectionMessage.Accepted(7, List.of("juliet@example.com", "romeo@example.net"));
    assertThat(roundTrip(a)).isEqualTo(a);
    ConnectionMessage.Archived d = new ConnectionMessage.Archived(7, "juliet@example.com");
    assertThat(roundTrip(d)).isEqualTo(d);
    assertThat(roundTrip(new ConnectionMessage.Accepted(8))).isEqualTo(new ConnectionMessage.Accepted(8, List.of()));
  }

  @Test
  void pushRegistrations_slice_roundTrips() {
    PushRegistrations regs = PushRegistrations.NONE
        .with(new PushRegistration("a.example", "1", OPTIONS, "phone", false))
        .with(new PushRegistration("b.example", "2", null, "tab", true));
    assertThat(roundTrip(regs)).isEqualTo(regs);
  }
}
