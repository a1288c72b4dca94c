package io.switchboard.bench.jmh;

import java.nio.charset.StandardCharsets;

/**
 * The traffic mix the micro-benchmarks parse and write: what a chat client sends most, in the
 * proportions of the load generator's chat scenario plus presence and pings (6 messages with a
 * receipt request and a chat state, 3 presences with XEP-0115 caps, 1 ping).
 */
final class TypicalStanzas {
  static final String STREAM_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
      + " xmlns:stream='http://etherx.jabber.org/streams' to='example.com' version='1.0'>";

  static final String MESSAGE = "<message to='juliet@example.com' type='chat' id='m-%d'>"
      + "<body>Deny thy father and refuse thy name; or, if thou wilt not, be but sworn my love. %d</body>"
      + "<request xmlns='urn:xmpp:receipts'/><active xmlns='http://jabber.org/protocol/chatstates'/>"
      + "</message>";

  static final String PRESENCE = "<presence id='p-%d'><show>away</show><status>at the balcony</status>"
      + "<priority>5</priority><c xmlns='http://jabber.org/protocol/caps' hash='sha-1'"
      + " node='https://example.org/client' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>";

  static final String PING = "<iq type='get' id='i-%d' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>";

  /** Ten stanzas of the mix, numbered from {@code first}. */
  static String batchOfTen(int first) {
    StringBuilder sb = new StringBuilder(2048);
    for (int i = 0; i < 6; i++) {
      sb.append(String.format(MESSAGE, first + i, first + i));
    }
    for (int i = 6; i < 9; i++) {
      sb.append(String.format(PRESENCE, first + i));
    }
    sb.append(String.format(PING, first + 9));
    return sb.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private TypicalStanzas() {}
}
