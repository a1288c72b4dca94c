"""A slixmpp (Debian python3-slixmpp) external component (XEP-0114) for Switchboard's tests.

usage: component.py HOST PORT DOMAIN SECRET MODE [PEER BODY]
  MODE  connect   handshake, print "CONNECTED", stay until a stream error or 30 s
        echo      handshake, print "CONNECTED", send BODY to PEER from bot@DOMAIN/py (when given),
                  answer the first chat message with "echo: <body>" from the address it was sent
                  to, print "GOT <from> <to> <body>", then disconnect
Prints "STREAM-ERROR <condition>" when the server ends the stream with an error. Exits 0 after
the mode's work, 1 on a stream error or disconnection before it, 2 after 30 s.
"""

import asyncio
import sys

import slixmpp


class Component(slixmpp.ComponentXMPP):
    def __init__(self, domain, secret, host, port, mode, peer, body):
        super().__init__(domain, secret, host, int(port))
        self.mode, self.peer, self.body = mode, peer, body
        self.ok = False
        self.add_event_handler('session_start', self.started)
        self.add_event_handler('message', self.message)
        self.add_event_handler('stream_error', self.stream_error)

    async def started(self, _event):
        print('CONNECTED', flush=True)
        if self.mode == 'echo' and self.peer:
            self.send_message(mto=self.peer, mbody=self.body, mtype='chat',
                              mfrom='bot@%s/py' % self.boundjid.bare)
        if self.mode == 'connect':
            self.ok = True

    def message(self, msg):
        if msg['type'] not in ('chat', 'normal'):
            return
        print('GOT', msg['from'], msg['to'], msg['body'], flush=True)
        msg.reply('echo: %s' % msg['body']).send()
        self.ok = True
        asyncio.get_event_loop().call_later(0.5, self.disconnect)

    def stream_error(self, err):
        print('STREAM-ERROR', err['condition'], flush=True)
        self.ok = False
        self.abort()


def main():
    host, port, domain, secret, mode = sys.argv[1:6]
    peer, body = (sys.argv[6], sys.argv[7]) if len(sys.argv) > 7 else (None, None)
    component = Component(domain, secret, host, port, mode, peer, body)
    component.connect()
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.wait_for(component.disconnected, 30))
    except asyncio.TimeoutError:
        print('TIMEOUT', flush=True)
        sys.exit(0 if component.ok and component.mode == 'connect' else 2)
    sys.exit(0 if component.ok else 1)


if __name__ == '__main__':
    main()
