"""A slixmpp (Debian python3-slixmpp) client for Switchboard's end-to-end tests.

usage: client.py HOST PORT JID PASSWORD MECH CAFILE TLS MODE [PEER BODY]
  TLS   starttls | direct      (direct = XEP-0368 TLS from the first byte)
  MODE  login                  authenticate with MECH, bind, print "AUTH-OK <jid>"
        send                   ... then send a chat message BODY to PEER, print "SENT"
Prints "AUTH-FAIL" when authentication fails; exits non-zero on any failure or after 30 s.
"""
import asyncio
import sys

import slixmpp


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, mech, mode, peer, body):
        super().__init__(jid, password)
        self.mode, self.peer, self.body = mode, peer, body
        self.ok = False
        self['feature_mechanisms'].use_mech = mech
        self.add_event_handler('session_start', self.started)
        self.add_event_handler('failed_auth', self.failed)

    async def started(self, _event):
        print('AUTH-OK', self.boundjid.full, flush=True)
        if self.mode == 'send':
            self.send_message(mto=self.peer, mbody=self.body, mtype='chat')
            await asyncio.sleep(0.5)
            print('SENT', flush=True)
        self.ok = True
        self.disconnect()

    def failed(self, _event):
        print('AUTH-FAIL', flush=True)
        self.disconnect()


def main():
    host, port, jid, password, mech, cafile, tls, mode = sys.argv[1:9]
    peer, body = (sys.argv[9], sys.argv[10]) if len(sys.argv) > 10 else (None, None)
    client = Client(jid, password, mech, mode, peer, body)
    client.ca_certs = cafile
    if tls == 'direct':
        client.connect((host, int(port)), use_ssl=True)
    else:
        client.connect((host, int(port)), force_starttls=True)
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.wait_for(client.disconnected, 30))
    except asyncio.TimeoutError:
        print('TIMEOUT', flush=True)
        sys.exit(2)
    sys.exit(0 if client.ok else 1)


if __name__ == '__main__':
    main()
