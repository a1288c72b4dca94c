"""A slixmpp (Debian python3-slixmpp) client for Switchboard's issue #18 tests: XEP-0313 (xep_0313),
XEP-0280 (xep_0280), XEP-0352 (xep_0352) and XEP-0357 (raw IQs: Debian's slixmpp 1.8 has no
xep_0357 plugin).

usage: mobile_client.py HOST PORT JID PASSWORD CAFILE MODE [ARGS...]
  history PEER    page the whole archive with PEER (pages of 7) and print
                  "HISTORY <count> <body>|<body>|..." in the order received
  carbons N       enable carbons, print "CARBONS-ON", then "CARBON <received|sent> <body>" for each
                  copy, until N copies came
  csi             send <inactive/> and ping the server, print "INACTIVE"; print "GOT <body or (no body) or state>" for
                  each message; on a line "active" on stdin send <active/> and print "ACTIVE";
                  stop after a message with body "bye"
  push SERVICE NODE  enable XEP-0357 notifications to SERVICE/NODE, print "PUSH-ENABLED"
Exits non-zero on a failure or after 40 s.
"""
import asyncio
import sys

import slixmpp
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, mode, args):
        super().__init__(jid, password)
        self.mode, self.args = mode, args
        self.ok = False
        self.copies = 0
        for plugin in ('xep_0030', 'xep_0059', 'xep_0313', 'xep_0280', 'xep_0352', 'xep_0334', 'xep_0199'):
            self.register_plugin(plugin)
        self.add_event_handler('session_start', self.started)
        self.add_event_handler('carbon_received', lambda m: self.carbon('received', m))
        self.add_event_handler('carbon_sent', lambda m: self.carbon('sent', m))
        # slixmpp's 'message' event fires only for messages with a body; the CSI mode must also see
        # bodiless ones (chat states, receipts), so it takes every message stanza.
        self.register_handler(Callback('every message', MatchXPath('{jabber:client}message'), self.message))

    async def started(self, _event):
        self.send_presence()
        if self.mode == 'history':
            bodies = []
            async for m in self['xep_0313'].iterate(with_jid=slixmpp.JID(self.args[0]), rsm={'max': 7}):
                bodies.append(m['mam_result']['forwarded']['stanza']['body'])
            print('HISTORY %d %s' % (len(bodies), '|'.join(bodies)), flush=True)
            self.ok = True
            self.disconnect()
        elif self.mode == 'carbons':
            await self['xep_0280'].enable()
            print('CARBONS-ON', flush=True)
        elif self.mode == 'csi':
            self['xep_0352'].send_inactive()
            # The server reads a stream in order: once it answered a ping sent after <inactive/>,
            # the stream is inactive (printing at once raced the peer's next message).
            await self['xep_0199'].ping(jid=slixmpp.JID(self.boundjid.domain), timeout=20)
            print('INACTIVE', flush=True)
            asyncio.get_event_loop().add_reader(sys.stdin, self.command)
        elif self.mode == 'push':
            iq = self.make_iq_set()
            enable = ET.Element('{urn:xmpp:push:0}enable', jid=self.args[0], node=self.args[1])
            iq.append(enable)
            await iq.send()
            print('PUSH-ENABLED', flush=True)
            self.ok = True
            self.disconnect()

    def command(self):
        line = sys.stdin.readline().strip()
        if line == 'active':
            self['xep_0352'].send_active()
            print('ACTIVE', flush=True)

    def carbon(self, direction, msg):
        inner = msg['carbon_%s' % direction]
        print('CARBON %s %s' % (direction, inner['body']), flush=True)
        self.copies += 1
        if self.copies >= int(self.args[0]):
            self.ok = True
            self.disconnect()

    def message(self, msg):
        # A carbon copy is reported by carbon(); msg['carbon_received'] is '' on a message
        # without one, so the elements are looked up instead.
        carbon = any(msg.xml.find('{urn:xmpp:carbons:2}%s' % d) is not None for d in ('received', 'sent'))
        if self.mode != 'csi' or carbon:
            return
        if msg['body']:
            print('GOT %s' % msg['body'], flush=True)
        else:
            states = [c.tag.split('}')[0][1:] for c in msg.xml]
            print('GOT (no body) %s' % ','.join(states), flush=True)
        if msg['body'] == 'bye':
            self.ok = True
            self.disconnect()


def main():
    host, port, jid, password, cafile, mode = sys.argv[1:7]
    client = Client(jid, password, mode, sys.argv[7:])
    client.ca_certs = cafile
    client.connect((host, int(port)), force_starttls=True)
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.wait_for(client.disconnected, 40))
    except asyncio.TimeoutError:
        print('TIMEOUT', flush=True)
        sys.exit(2)
    sys.exit(0 if client.ok else 1)


if __name__ == '__main__':
    main()
