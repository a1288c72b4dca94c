package io.switchboard.sharding.muc;

import io.switchboard.protocol.muc.Role;
import io.switchboard.sharding.serialization.CborSerializable;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A room's configuration (XEP-0045 §10.2), the fields of the {@code muc#roomconfig} form. The form
 * itself (and reading a submitted one) is {@link ConfigForm}.
 *
 * @param name natural-language room name ("" for none: disco shows the room's local part)
 * @param publicLogging the discussion is logged publicly (status 170 on entry)
 * @param occupantsChangeSubject participants (not only moderators) may change the subject
 * @param allowInvites occupants may invite others (members-only: and so make them members)
 * @param allowPm who may send private messages
 * @param maxUsers occupants at most (owners and admins may still enter)
 * @param presenceBroadcast roles whose presence is broadcast to the room
 * @param memberListRoles roles that may retrieve the member list
 * @param whois who sees occupants' real JIDs
 * @param maxHistory messages of history sent on join when the client does not ask
 */
public record RoomConfig(
    String name,
    String description,
    String lang,
    boolean publicLogging,
    boolean occupantsChangeSubject,
    boolean allowInvites,
    PmPolicy allowPm,
    int maxUsers,
    Set<Role> presenceBroadcast,
    Set<Role> memberListRoles,
    boolean publicRoom,
    boolean persistent,
    boolean moderated,
    boolean membersOnly,
    boolean passwordProtected,
    String password,
    Whois whois,
    int maxHistory) implements CborSerializable {

  /** {@code muc#roomconfig_allowpm}. */
  public enum PmPolicy {
    ANYONE, PARTICIPANTS, MODERATORS, NONE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PmPolicy> fromWireName(String s) {
      for (PmPolicy p : values()) {
        if (p.wireName().equals(s)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }

    /** Whether an occupant of {@code role} may send a private message. */
    public boolean allows(Role role) {
      return switch (this) {
        case ANYONE -> role != Role.NONE;
        case PARTICIPANTS -> role == Role.PARTICIPANT || role == Role.MODERATOR;
        case MODERATORS -> role == Role.MODERATOR;
        case NONE -> false;
      };
    }
  }

  /** {@code muc#roomconfig_whois}: semi-anonymous (moderators) or non-anonymous (anyone). */
  public enum Whois {
    MODERATORS, ANYONE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Whois> fromWireName(String s) {
      for (Whois w : values()) {
        if (w.wireName().equals(s)) {
          return Optional.of(w);
        }
      }
      return Optional.empty();
    }
  }

  public RoomConfig {
    name = name == null ? "" : name;
    description = description == null ? "" : description;
    lang = lang == null ? "" : lang;
    password = password == null ? "" : password;
    presenceBroadcast = presenceBroadcast == null || presenceBroadcast.isEmpty()
        ? Set.of() : Set.copyOf(presenceBroadcast);
    memberListRoles = memberListRoles == null || memberListRoles.isEmpty()
        ? Set.of() : Set.copyOf(memberListRoles);
  }

  /** The configuration of a new room. */
  public static RoomConfig defaults(MucSettings s) {
    return new RoomConfig("", "", "", false, false, false, PmPolicy.ANYONE, s.defaultMaxOccupants(),
        EnumSet.of(Role.MODERATOR, Role.PARTICIPANT, Role.VISITOR),
        EnumSet.of(Role.MODERATOR, Role.PARTICIPANT, Role.VISITOR), s.defaultPublic(),
        s.defaultPersistent(), false, false, false, "", Whois.MODERATORS, s.defaultHistory());
  }

  public boolean nonAnonymous() {
    return whois == Whois.ANYONE;
  }

  /** Whether a presence of an occupant with {@code role} goes to the other occupants. */
  public boolean broadcasts(Role role) {
    return presenceBroadcast.contains(role);
  }

  /** Whether a join must present {@link #password}. */
  public boolean needsPassword() {
    return passwordProtected && !password.isEmpty();
  }
}
