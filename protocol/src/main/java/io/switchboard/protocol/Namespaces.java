package io.switchboard.protocol;

/** XML namespace names used on the wire, grouped by the specification that defines them. */
public final class Namespaces {
  private Namespaces() {}

  // RFC 6120: streams and content namespaces.
  public static final String JABBER_CLIENT = "jabber:client";
  public static final String JABBER_SERVER = "jabber:server";
  public static final String STREAMS = "http://etherx.jabber.org/streams";
  public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
  public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
  public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
  public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
  public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
  /** The XML namespace bound to the reserved {@code xml:} prefix (xml:lang). */
  public static final String XML = "http://www.w3.org/XML/1998/namespace";

  // RFC 3921 §3 (kept by RFC 6121 as an optional no-op).
  public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
  // XEP-0220 server dialback.
  public static final String DIALBACK = "jabber:server:dialback";
  public static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";
  // XEP-0288 bidirectional server-to-server connections.
  public static final String BIDI = "urn:xmpp:bidi";
  public static final String BIDI_FEATURE = "urn:xmpp:features:bidi";
  // XEP-0114 component protocol.
  public static final String COMPONENT_ACCEPT = "jabber:component:accept";

  // RFC 6121: roster, versioning, pre-approval.
  public static final String ROSTER = "jabber:iq:roster";
  public static final String ROSTER_VERSIONING = "urn:xmpp:features:rosterver";
  public static final String PRESENCE_PREAPPROVAL = "urn:xmpp:features:pre-approval";

  // XEP-0198 stream management.
  public static final String STREAM_MANAGEMENT = "urn:xmpp:sm:3";
  // XEP-0030 service discovery.
  public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
  public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
  // XEP-0092 software version.
  public static final String VERSION = "jabber:iq:version";
  // XEP-0199 ping.
  public static final String PING = "urn:xmpp:ping";
  // XEP-0077 in-band registration.
  public static final String REGISTER = "jabber:iq:register";
  public static final String REGISTER_FEATURE = "http://jabber.org/features/iq-register";
  // XEP-0445 pre-authenticated in-band registration: the stream feature and the token IQ.
  public static final String IBR_TOKEN_FEATURE = "urn:xmpp:ibr-token:0";
  public static final String PREAUTH = "urn:xmpp:pars:0";
  // XEP-0440 SASL channel-binding type capability (a stream feature).
  public static final String SASL_CHANNEL_BINDING = "urn:xmpp:sasl-cb:0";
  // XEP-0054 vcard-temp.
  public static final String VCARD_TEMP = "vcard-temp";
  // XEP-0153 vCard-based avatars (the photo hash in presence).
  public static final String VCARD_UPDATE = "vcard-temp:x:update";
  // XEP-0084 user avatar (PEP nodes and payloads).
  public static final String AVATAR_DATA = "urn:xmpp:avatar:data";
  public static final String AVATAR_METADATA = "urn:xmpp:avatar:metadata";
  // XEP-0398 avatar conversion between PEP and vCard (account feature).
  public static final String PEP_VCARD_CONVERSION = "urn:xmpp:pep-vcard-conversion:0";
  // XEP-0049 private XML storage.
  public static final String PRIVATE = "jabber:iq:private";
  // XEP-0048 bookmarks (private XML or a PEP node of that name), XEP-0402 PEP native bookmarks and
  // their conversion (XEP-0402 #compat, #compat-pep; XEP-0411).
  public static final String BOOKMARKS = "storage:bookmarks";
  public static final String BOOKMARKS2 = "urn:xmpp:bookmarks:1";
  public static final String BOOKMARKS_CONVERSION = "urn:xmpp:bookmarks-conversion:0";
  // XEP-0363 HTTP file upload.
  public static final String HTTP_UPLOAD = "urn:xmpp:http:upload:0";
  // XEP-0215 external service discovery (STUN/TURN).
  public static final String EXTDISCO = "urn:xmpp:extdisco:2";
  // XEP-0191 blocking command.
  public static final String BLOCKING = "urn:xmpp:blocking";
  public static final String BLOCKING_ERRORS = "urn:xmpp:blocking:errors";
  // XEP-0203 delayed delivery.
  public static final String DELAY = "urn:xmpp:delay";
  // XEP-0115 entity capabilities.
  public static final String CAPS = "http://jabber.org/protocol/caps";
  // XEP-0160 offline messages (disco feature).
  public static final String MSGOFFLINE = "msgoffline";
  // XEP-0013 flexible offline message retrieval.
  public static final String OFFLINE = "http://jabber.org/protocol/offline";
  // XEP-0004 data forms.
  public static final String DATA_FORMS = "jabber:x:data";
  // XEP-0158 CAPTCHA forms (FORM_TYPE).
  public static final String CAPTCHA = "urn:xmpp:captcha";
  // XEP-0085 chat states.
  public static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";
  // XEP-0352 client state indication.
  public static final String CSI = "urn:xmpp:csi:0";
  // XEP-0280 message carbons.
  public static final String CARBONS = "urn:xmpp:carbons:2";
  public static final String CARBONS_RULES = "urn:xmpp:carbons:rules:0";
  // XEP-0313 message archive management (with XEP-0441 preferences in the same namespace).
  public static final String MAM = "urn:xmpp:mam:2";
  public static final String MAM_EXTENDED = "urn:xmpp:mam:2#extended";
  // XEP-0359 unique and stable stanza IDs.
  public static final String SID = "urn:xmpp:sid:0";
  // XEP-0334 message processing hints.
  public static final String HINTS = "urn:xmpp:hints";
  // XEP-0357 push notifications.
  public static final String PUSH = "urn:xmpp:push:0";
  public static final String PUSH_SUMMARY = "urn:xmpp:push:summary";
  public static final String PUBSUB_PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";
  // XEP-0045 multi-user chat (the user namespace, seen in messages and presence from rooms).
  public static final String MUC_USER = "http://jabber.org/protocol/muc#user";
  // XEP-0249 direct MUC invitations.
  public static final String MUC_DIRECT_INVITE = "jabber:x:conference";
  // XEP-0184 message delivery receipts and XEP-0333 chat markers.
  public static final String RECEIPTS = "urn:xmpp:receipts";
  public static final String CHAT_MARKERS = "urn:xmpp:chat-markers:0";
  // XEP-0384 OMEMO (legacy and current) and XEP-0373 OpenPGP for XMPP: encrypted payloads.
  public static final String OMEMO_LEGACY = "eu.siacs.conversations.axolotl";
  public static final String OMEMO = "urn:xmpp:omemo:2";
  public static final String OPENPGP = "urn:xmpp:openpgp:0";
  // XEP-0059 result set management.
  public static final String RSM = "http://jabber.org/protocol/rsm";
  // XEP-0297 stanza forwarding.
  public static final String FORWARD = "urn:xmpp:forward:0";
  // XEP-0060 publish-subscribe.
  public static final String PUBSUB = "http://jabber.org/protocol/pubsub";
  public static final String PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";
  public static final String PUBSUB_OWNER = "http://jabber.org/protocol/pubsub#owner";
  public static final String PUBSUB_ERRORS = "http://jabber.org/protocol/pubsub#errors";
  // XEP-0050 ad-hoc commands.
  public static final String COMMANDS = "http://jabber.org/protocol/commands";
  // XEP-0202 entity time.
  public static final String TIME = "urn:xmpp:time";
  // XEP-0012 last activity.
  public static final String LAST = "jabber:iq:last";
  // XEP-0045 multi-user chat (and the form types and features it registers).
  public static final String MUC = "http://jabber.org/protocol/muc";
  public static final String MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
  public static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";
  public static final String MUC_ROOMCONFIG = "http://jabber.org/protocol/muc#roomconfig";
  public static final String MUC_ROOMINFO = "http://jabber.org/protocol/muc#roominfo";
  public static final String MUC_REQUEST = "http://jabber.org/protocol/muc#request";
  // XEP-0307 unique room names.
  public static final String MUC_UNIQUE = "http://jabber.org/protocol/muc#unique";
  // XEP-0410 MUC self-ping: the service answers a self-ping itself.
  public static final String MUC_SELF_PING = "http://jabber.org/protocol/muc#self-ping-optimization";
  // XEP-0421 anonymous unique occupant identifiers.
  public static final String OCCUPANT_ID = "urn:xmpp:occupant-id:0";
  // RFC 7395 XMPP over WebSocket: the framing elements <open/> and <close/>.
  public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
  // XEP-0124 BOSH and XEP-0206 XMPP over BOSH.
  public static final String HTTPBIND = "http://jabber.org/protocol/httpbind";
  public static final String XBOSH = "urn:xmpp:xbosh";
  // XEP-0368 direct TLS has no namespace; XEP-0386/0388 are not implemented.
}
