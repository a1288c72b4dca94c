package io.switchboard.sharding.muc;

import io.switchboard.protocol.Namespaces;
import io.switchboard.protocol.form.TypedForm;
import io.switchboard.protocol.form.TypedForm.Field;
import io.switchboard.protocol.form.TypedForm.FieldType;
import io.switchboard.protocol.form.TypedForm.Option;
import io.switchboard.protocol.muc.Role;
import io.switchboard.sharding.muc.RoomConfig.PmPolicy;
import io.switchboard.sharding.muc.RoomConfig.Whois;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code muc#roomconfig} form (XEP-0045 §10.2 and its field registry, §15.5.3): a room's
 * {@link RoomConfig} as a form to fill, and a submitted form read back. A submitted form changes
 * only the fields it carries (clients such as Smack submit only what they set), so an empty
 * submit keeps everything: that is how an instant room is accepted (§10.1.2).
 */
final class ConfigForm {
  static final String ROOMNAME = "muc#roomconfig_roomname";
  static final String ROOMDESC = "muc#roomconfig_roomdesc";
  static final String LANG = "muc#roomconfig_lang";
  static final String ENABLELOGGING = "muc#roomconfig_enablelogging";
  static final String CHANGESUBJECT = "muc#roomconfig_changesubject";
  static final String ALLOWINVITES = "muc#roomconfig_allowinvites";
  static final String ALLOWPM = "muc#roomconfig_allowpm";
  static final String MAXUSERS = "muc#roomconfig_maxusers";
  static final String PRESENCEBROADCAST = "muc#roomconfig_presencebroadcast";
  static final String GETMEMBERLIST = "muc#roomconfig_getmemberlist";
  static final String PUBLICROOM = "muc#roomconfig_publicroom";
  static final String PERSISTENTROOM = "muc#roomconfig_persistentroom";
  static final String MODERATEDROOM = "muc#roomconfig_moderatedroom";
  static final String MEMBERSONLY = "muc#roomconfig_membersonly";
  static final String PASSWORDPROTECTED = "muc#roomconfig_passwordprotectedroom";
  static final String ROOMSECRET = "muc#roomconfig_roomsecret";
  static final String WHOIS = "muc#roomconfig_whois";
  static final String MAXHISTORYFETCH = "muc#maxhistoryfetch";

  private static final List<String> MAXUSERS_OPTIONS = List.of("10", "20", "30", "50", "100", "200", "500", "1000");

  private ConfigForm() {}

  /** The form to fill, with {@code config}'s current values. */
  static TypedForm toForm(RoomConfig c, MucSettings s) {
    List<Field> f = new ArrayList<>();
    f.add(text(ROOMNAME, "Natural-Language Room Name", c.name()));
    f.add(text(ROOMDESC, "Short Description of Room", c.description()));
    f.add(text(LANG, "Natural Language for Room Discussions", c.lang()));
    f.add(bool(PUBLICROOM, "Make Room Publicly Searchable", c.publicRoom()));
    f.add(bool(PERSISTENTROOM, "Make Room Persistent", c.persistent()));
    f.add(bool(MODERATEDROOM, "Make Room Moderated", c.moderated()));
    f.add(bool(MEMBERSONLY, "Make Room Members-Only", c.membersOnly()));
    f.add(bool(ALLOWINVITES, "Allow Occupants to Invite Others", c.allowInvites()));
    f.add(bool(PASSWORDPROTECTED, "Password Required for Entry", c.passwordProtected()));
    f.add(Field.of(ROOMSECRET, FieldType.TEXT_PRIVATE, "Password", List.of(c.password())));
    f.add(list(WHOIS, FieldType.LIST_SINGLE, "Who May Discover Real JIDs?", List.of(c.whois().wireName()),
        List.of(new Option("Moderators Only", "moderators"), new Option("Anyone", "anyone"))));
    f.add(list(ALLOWPM, FieldType.LIST_SINGLE, "Who May Send Private Messages?",
        List.of(c.allowPm().wireName()),
        List.of(new Option("Anyone", "anyone"), new Option("Participants", "participants"),
            new Option("Moderators Only", "moderators"), new Option("Nobody", "none"))));
    f.add(bool(CHANGESUBJECT, "Allow Occupants to Change Subject", c.occupantsChangeSubject()));
    f.add(bool(ENABLELOGGING, "Enable Public Logging", c.publicLogging()));
    List<Option> maxOptions = new ArrayList<>();
    for (String o : MAXUSERS_OPTIONS) {
      if (Integer.parseInt(o) <= s.maxOccupantsLimit()) {
        maxOptions.add(new Option(o, o));
      }
    }
    f.add(list(MAXUSERS, FieldType.LIST_SINGLE, "Maximum Number of Occupants (at most "
        + s.maxOccupantsLimit() + ")", List.of(Integer.toString(c.maxUsers())), maxOptions));
    f.add(list(PRESENCEBROADCAST, FieldType.LIST_MULTI, "Roles for which Presence is Broadcasted",
        roles(c.presenceBroadcast()), roleOptions()));
    f.add(list(GETMEMBERLIST, FieldType.LIST_MULTI, "Roles and Affiliations that May Retrieve Member List",
        roles(c.memberListRoles()), roleOptions()));
    f.add(text(MAXHISTORYFETCH, "Maximum Number of History Messages Returned by Room (at most "
        + s.historySize() + ")", Integer.toString(c.maxHistory())));
    return TypedForm.of(TypedForm.Type.FORM, Namespaces.MUC_ROOMCONFIG, "Configuration of the room", f);
  }

  /** The outcome of reading a submitted form. */
  sealed interface Outcome {
    record Accepted(RoomConfig config) implements Outcome {}

    record Refused(String reason) implements Outcome {}
  }

  /** {@code current} with every field of {@code submitted} applied, or why it cannot be. */
  static Outcome apply(RoomConfig current, TypedForm submitted, MucSettings s) {
    String formType = submitted.formType();
    if (formType != null && !formType.equals(Namespaces.MUC_ROOMCONFIG)) {
      return new Outcome.Refused("not a " + Namespaces.MUC_ROOMCONFIG + " form");
    }
    Draft d = new Draft(current);
    for (Field f : submitted.fields()) {
      if (f.var() == null || TypedForm.FORM_TYPE.equals(f.var())) {
        continue;
      }
      String problem = d.set(f, s);
      if (problem != null) {
        return new Outcome.Refused(problem);
      }
    }
    if (d.passwordProtected && d.password.isEmpty()) {
      return new Outcome.Refused("a password-protected room needs " + ROOMSECRET);
    }
    return new Outcome.Accepted(d.build());
  }

  /** The fields of a config, mutable while a form is read. */
  private static final class Draft {
    String name;
    String description;
    String lang;
    boolean publicLogging;
    boolean changeSubject;
    boolean allowInvites;
    PmPolicy allowPm;
    int maxUsers;
    Set<Role> presenceBroadcast;
    Set<Role> memberList;
    boolean publicRoom;
    boolean persistent;
    boolean moderated;
    boolean membersOnly;
    boolean passwordProtected;
    String password;
    Whois whois;
    int maxHistory;

    Draft(RoomConfig c) {
      name = c.name();
      description = c.description();
      lang = c.lang();
      publicLogging = c.publicLogging();
      changeSubject = c.occupantsChangeSubject();
      allowInvites = c.allowInvites();
      allowPm = c.allowPm();
      maxUsers = c.maxUsers();
      presenceBroadcast = c.presenceBroadcast();
      memberList = c.memberListRoles();
      publicRoom = c.publicRoom();
      persistent = c.persistent();
      moderated = c.moderated();
      membersOnly = c.membersOnly();
      passwordProtected = c.passwordProtected();
      password = c.password();
      whois = c.whois();
      maxHistory = c.maxHistory();
    }

    /** Applies one field; the problem, or null. Unknown fields are ignored (XEP-0004 §3.2). */
    String set(Field f, MucSettings s) {
      String v = f.value() == null ? "" : f.value().trim();
      switch (f.var()) {
        case ROOMNAME -> name = f.value() == null ? "" : f.value();
        case ROOMDESC -> description = f.value() == null ? "" : f.value();
        case LANG -> lang = v;
        case ENABLELOGGING -> publicLogging = f.booleanValue();
        case CHANGESUBJECT -> changeSubject = f.booleanValue();
        case ALLOWINVITES -> allowInvites = f.booleanValue();
        case PUBLICROOM -> publicRoom = f.booleanValue();
        case PERSISTENTROOM -> persistent = f.booleanValue();
        case MODERATEDROOM -> moderated = f.booleanValue();
        case MEMBERSONLY -> membersOnly = f.booleanValue();
        case PASSWORDPROTECTED -> passwordProtected = f.booleanValue();
        case ROOMSECRET -> password = f.value() == null ? "" : f.value();
        case ALLOWPM -> {
          PmPolicy p = PmPolicy.fromWireName(v.toLowerCase(Locale.ROOT)).orElse(null);
          if (p == null) {
            return "unknown " + ALLOWPM + " '" + v + "'";
          }
          allowPm = p;
        }
        case WHOIS -> {
          Whois w = Whois.fromWireName(v.toLowerCase(Locale.ROOT)).orElse(null);
          if (w == null) {
            return "unknown " + WHOIS + " '" + v + "'";
          }
          whois = w;
        }
        case MAXUSERS -> {
          if (v.isEmpty() || v.equalsIgnoreCase("none") || v.equals("0")) {
            maxUsers = s.maxOccupantsLimit();
          } else {
            Integer n = integer(v);
            if (n == null || n < 1 || n > s.maxOccupantsLimit()) {
              return MAXUSERS + " must be between 1 and " + s.maxOccupantsLimit();
            }
            maxUsers = n;
          }
        }
        case MAXHISTORYFETCH -> {
          Integer n = integer(v);
          if (n == null || n < 0 || n > s.historySize()) {
            return MAXHISTORYFETCH + " must be between 0 and " + s.historySize();
          }
          maxHistory = n;
        }
        case PRESENCEBROADCAST, GETMEMBERLIST -> {
          EnumSet<Role> roles = EnumSet.noneOf(Role.class);
          for (String value : f.values()) {
            Role r = Role.fromWireName(value.trim()).orElse(null);
            if (r == null || r == Role.NONE) {
              return "unknown role '" + value + "' in " + f.var();
            }
            roles.add(r);
          }
          if (f.var().equals(PRESENCEBROADCAST)) {
            presenceBroadcast = roles;
          } else {
            memberList = roles;
          }
        }
        default -> { }
      }
      return null;
    }

    RoomConfig build() {
      return new RoomConfig(name, description, lang, publicLogging, changeSubject, allowInvites, allowPm,
          maxUsers, presenceBroadcast, memberList, publicRoom, persistent, moderated, membersOnly,
          passwordProtected, password, whois, maxHistory);
    }
  }

  private static Integer integer(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Field text(String var, String label, String value) {
    return Field.of(var, FieldType.TEXT_SINGLE, label, List.of(value));
  }

  private static Field bool(String var, String label, boolean value) {
    return Field.of(var, FieldType.BOOLEAN, label, List.of(value ? "1" : "0"));
  }

  private static Field list(String var, FieldType type, String label, List<String> values, List<Option> options) {
    return Field.of(var, type, label, values).withOptions(options);
  }

  private static List<String> roles(Set<Role> roles) {
    List<String> out = new ArrayList<>();
    for (Role r : List.of(Role.MODERATOR, Role.PARTICIPANT, Role.VISITOR)) {
      if (roles.contains(r)) {
        out.add(r.wireName());
      }
    }
    return out;
  }

  private static List<Option> roleOptions() {
    return List.of(new Option("Moderator", "moderator"), new Option("Participant", "participant"),
        new Option("Visitor", "visitor"));
  }
}
