package io.switchboard.sharding.serialization;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads the session events journaled before the session entity was split into parts (commit
 * 7c83ad7 and earlier), when they were all nested in {@code UserSession}. Each moved to its part's
 * package with its fields unchanged, so only the class name in the journal's manifest changes
 * (Pekko's "rename class" schema evolution). Registered for every old name in reference.conf.
 */
public final class SessionEventRenames extends JacksonMigration {
  private static final String OLD = "io.switchboard.sharding.session.UserSession$";
  private static final String S = "io.switchboard.sharding.";

  /** Old nested name → new class name. */
  static final Map<String, String> RENAMES = Map.ofEntries(
      Map.entry(OLD + "RosterItemSaved", S + "roster.RosterEvent$RosterItemSaved"),
      Map.entry(OLD + "RosterItemRemoved", S + "roster.RosterEvent$RosterItemRemoved"),
      Map.entry(OLD + "SubscriptionRequestReceived", S + "roster.RosterEvent$SubscriptionRequestReceived"),
      Map.entry(OLD + "SubscriptionRequestCleared", S + "roster.RosterEvent$SubscriptionRequestCleared"),
      Map.entry(OLD + "JidsBlocked", S + "blocking.BlockingEvent$JidsBlocked"),
      Map.entry(OLD + "JidsUnblocked", S + "blocking.BlockingEvent$JidsUnblocked"),
      Map.entry(OLD + "BlocklistCleared", S + "blocking.BlockingEvent$BlocklistCleared"),
      Map.entry(OLD + "VcardStored", S + "vcard.VcardStored"),
      Map.entry(OLD + "PrivateXmlStored", S + "privatedata.PrivateXmlStored"),
      Map.entry(OLD + "AccountIncarnationStarted", S + "session.AccountEvent$AccountIncarnationStarted"),
      Map.entry(OLD + "AccountIncarnationAdopted", S + "session.AccountEvent$AccountIncarnationAdopted"),
      Map.entry(OLD + "AccountRemoved", S + "session.AccountEvent$AccountRemoved"),
      Map.entry(OLD + "ResourceOnline", S + "session.ResourceEvent$ResourceOnline"),
      Map.entry(OLD + "ResourceOffline", S + "session.ResourceEvent$ResourceOffline"),
      Map.entry(OLD + "ResourceParked", S + "session.sm.ParkEvent$ResourceParked"),
      Map.entry(OLD + "ResourceResumed", S + "session.sm.ParkEvent$ResourceResumed"));

  /**
   * Pekko renames a class only for manifests older than the current version; old manifests carry
   * none (version 1). The new classes have no migration of their own, so they are written as
   * version 1 of their new names.
   */
  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    return RENAMES.getOrDefault(className, className);
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
