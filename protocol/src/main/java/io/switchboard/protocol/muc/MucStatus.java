package io.switchboard.protocol.muc;

/**
 * XEP-0045 status codes (the XMPP Registrar's mucstatus registry) that this server sends, each in
 * {@code <status code='...'/>} of a {@code muc#user} element.
 */
public final class MucStatus {
  private MucStatus() {}

  /** Entering: any occupant may see the user's full JID (non-anonymous room). */
  public static final int NON_ANONYMOUS = 100;
  /** Configuration change that is not privacy-related. */
  public static final int CONFIG_CHANGED = 104;
  /** The presence is the user's own (self-presence). */
  public static final int SELF = 110;
  /** The room is publicly logged (initial presence), or logging was turned on. */
  public static final int LOGGING_ENABLED = 170;
  public static final int LOGGING_DISABLED = 171;
  public static final int NOW_NON_ANONYMOUS = 172;
  public static final int NOW_SEMI_ANONYMOUS = 173;
  /** A new room was created (the creator's self-presence). */
  public static final int ROOM_CREATED = 201;
  /** The service assigned or changed the occupant's nickname. */
  public static final int NICK_ASSIGNED = 210;
  public static final int BANNED = 301;
  /** Nickname change: the unavailable presence of the old nickname. */
  public static final int NEW_NICK = 303;
  public static final int KICKED = 307;
  /** Removed because of an affiliation change (members-only room). */
  public static final int REMOVED_AFFILIATION = 321;
  /** Removed because the room became members-only. */
  public static final int REMOVED_MEMBERS_ONLY = 322;
  /** Removed because the service is shutting down (or the room went away without a destroy). */
  public static final int REMOVED_SHUTDOWN = 332;
  /** Removed because of a technical problem (an error bounced from the occupant, its node gone). */
  public static final int REMOVED_ERROR = 333;
}
