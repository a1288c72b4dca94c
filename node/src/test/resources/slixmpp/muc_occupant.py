"""A slixmpp (Debian python3-slixmpp) multi-user chat occupant for the MUC tests (xep_0045).

usage: muc_occupant.py PORT JID PASSWORD ROOM NICK CAFILE SECONDS
Joins ROOM as NICK and prints "JOINED" once its own presence came back, then
"MSG <nick> <body>" for every groupchat message with a body (history included, marked
"HISTORY <nick> <body>" when it carries a delay), "PRESENCE <nick> <type> <codes>" for every
occupant presence, until SECONDS have passed.
"""
import asyncio
import logging
import sys

import slixmpp

logging.basicConfig(level=logging.WARNING)


class Occupant(slixmpp.ClientXMPP):
    def __init__(self, jid, password, room, nick):
        super().__init__(jid, password)
        self.room, self.nick = room, nick
        self.register_plugin('xep_0030')
        self.register_plugin('xep_0045')
        self.register_plugin('xep_0203')
        self.add_event_handler('session_start', self.start)
        self.add_event_handler('groupchat_message', self.message)
        self.add_event_handler('muc::%s::presence' % room, self.presence)

    async def start(self, _event):
        self.send_presence()
        await self['xep_0045'].join_muc_wait(self.room, self.nick, maxstanzas=0, timeout=60)
        print('JOINED', flush=True)

    def message(self, msg):
        if msg['body'] and msg['from'].bare == self.room:
            tag = 'HISTORY' if msg['delay']['stamp'] else 'MSG'
            print(tag, msg['from'].resource, msg['body'], flush=True)

    def presence(self, pres):
        codes = ','.join(sorted(str(c) for c in pres['muc']['status_codes'])) or '-'
        print('PRESENCE', pres['from'].resource, pres['type'], codes, flush=True)


def main():
    port, jid, password, room, nick, cafile, seconds = sys.argv[1:8]
    client = Occupant(jid, password, room, nick)
    client.ca_certs = cafile
    client.connect(('127.0.0.1', int(port)), force_starttls=True)
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.wait_for(client.disconnected, int(seconds)))
    except asyncio.TimeoutError:
        client.disconnect()


if __name__ == '__main__':
    main()
