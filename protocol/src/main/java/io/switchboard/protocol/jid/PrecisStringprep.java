package io.switchboard.protocol.jid;

import java.net.IDN;
import java.util.Locale;
import org.jxmpp.stringprep.XmppStringprep;
import org.jxmpp.stringprep.XmppStringprepException;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * RFC 7622 normalisation for jxmpp's typed JIDs: localpart by the PRECIS UsernameCaseMapped
 * profile (RFC 8265 §3.3), resourcepart by OpaqueString (RFC 8265 §4.2), domainpart as an IDNA
 * label sequence lower-cased to its Unicode form (RFC 7622 §3.2). Each part must be 1..1023 octets.
 */
final class PrecisStringprep implements XmppStringprep {
  static final PrecisStringprep INSTANCE = new PrecisStringprep();
  private static final int MAX_PART_OCTETS = 1023;

  @Override
  public String localprep(String string) throws XmppStringprepException {
    return checkLength(string, enforce(string, "localpart", true));
  }

  @Override
  public String domainprep(String string) throws XmppStringprepException {
    String s = string.endsWith(".") ? string.substring(0, string.length() - 1) : string;
    if (s.isEmpty()) {
      throw new XmppStringprepException(string, "empty domainpart");
    }
    if (s.startsWith("[")) {
      return checkLength(string, s.toLowerCase(Locale.ROOT)); // IPv6 literal
    }
    String ascii;
    try {
      ascii = IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      throw new XmppStringprepException(string, "invalid domainpart: " + e.getMessage());
    }
    return checkLength(string, IDN.toUnicode(ascii.toLowerCase(Locale.ROOT)));
  }

  @Override
  public String resourceprep(String string) throws XmppStringprepException {
    return checkLength(string, enforce(string, "resourcepart", false));
  }

  private static String enforce(String s, String part, boolean local) throws XmppStringprepException {
    try {
      return local
          ? PrecisProfiles.USERNAME_CASE_MAPPED.enforce(s)
          : PrecisProfiles.OPAQUE_STRING.enforce(s);
    } catch (IllegalArgumentException e) {
      throw new XmppStringprepException(s, "invalid " + part + ": " + e.getMessage());
    }
  }

  private static String checkLength(String original, String prepared) throws XmppStringprepException {
    int octets = prepared.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (octets == 0 || octets > MAX_PART_OCTETS) {
      throw new XmppStringprepException(original, "JID part must be 1.." + MAX_PART_OCTETS + " octets");
    }
    return prepared;
  }
}
