"""A slixmpp (Debian python3-slixmpp) multi-user chat occupant for the MUC tests (xep_0045).

usage: muc_occupant.py PORT JID PASSWORD ROOM NICK CAFILE SECONDS [SAY]
Joins ROOM as NICK and prints "JOINED" once its own presence came back (a room it created is made
an instant room first, "CREATED"), sends SAY to the room when given, then
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
    def __init__(self, jid, password, room, nick, say):
        super().__init__(jid, password)
        self.room, self.nick, self.say = room, nick, say
        self.register_plugin('xep_0004')
        self.register_plugin('xep_0030')
        self.register_plugin('xep_0045')
        self.joined = None
        self.add_event_handler('session_start', self.start)
        self.add_event_handler('groupchat_message', self.message)
        self.add_event_handler('muc::%s::presence' % room, self.presence)

    async def start(self, _event):
        self.send_presence()
        # join_muc, not join_muc_wait: slixmpp's waiting join also waits for the subject, which a
        # new (locked) room sends only once it is configured.
        self.joined = asyncio.get_event_loop().create_future()
        self['xep_0045'].join_muc(self.room, self.nick, maxhistory='0')
        own = await asyncio.wait_for(self.joined, 60)
        if 201 in own['muc']['status_codes']:
            await self['xep_0045'].set_room_config(self.room, self['xep_0004'].make_form(ftype='submit'))
            print('CREATED', flush=True)
        print('JOINED', flush=True)
        if self.say:
            self.send_message(mto=self.room, mbody=self.say, mtype='groupchat')

    def message(self, msg):
        if msg['body'] and msg['from'].bare == self.room:
            tag = 'HISTORY' if msg.xml.find('{urn:xmpp:delay}delay') is not None else 'MSG'
            print(tag, msg['from'].resource, msg['body'], flush=True)

    def presence(self, pres):
        codes = ','.join(sorted(str(c) for c in pres['muc']['status_codes'])) or '-'
        print('PRESENCE', pres['from'].resource, pres['type'], codes, flush=True)
        if 110 in pres['muc']['status_codes'] and not self.joined.done():
            self.joined.set_result(pres)


def main():
    port, jid, password, room, nick, cafile, seconds = sys.argv[1:8]
    client = Occupant(jid, password, room, nick, sys.argv[8] if len(sys.argv) > 8 else None)
    client.ca_certs = cafile
    client.connect(('127.0.0.1', int(port)), force_starttls=True)
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.wait_for(client.disconnected, int(seconds)))
    except asyncio.TimeoutError:
        client.disconnect()


if __name__ == '__main__':
    main()
