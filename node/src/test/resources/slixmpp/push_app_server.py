"""An XEP-0357 app server's push service, played by a slixmpp (Debian python3-slixmpp) external
component (XEP-0114), for Switchboard's push tests.

usage: push_app_server.py HOST PORT DOMAIN SECRET SECONDS
Prints "CONNECTED" after the handshake, then one line per notification published to it:
  PUSH <from> <node> count=<message-count> sender=<last-message-sender> body=<last-message-body> secret=<secret>
(a field the notification lacks prints as "-"). A publish to a node whose name starts with
"reject" is answered with an item-not-found error; every other one with a result. Runs SECONDS.
"""

import asyncio
import sys
import xml.etree.ElementTree as ET

import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

PUBSUB = '{http://jabber.org/protocol/pubsub}'
PUSH = '{urn:xmpp:push:0}'
XDATA = '{jabber:x:data}'


def fields(form):
    out = {}
    if form is None:
        return out
    for field in form.findall(XDATA + 'field'):
        value = field.find(XDATA + 'value')
        out[field.get('var')] = value.text if value is not None and value.text else ''
    return out


class AppServer(slixmpp.ComponentXMPP):
    def __init__(self, domain, secret, host, port):
        super().__init__(domain, secret, host, int(port))
        self.add_event_handler('session_start', lambda _e: print('CONNECTED', flush=True))
        self.register_handler(Callback('push publish',
                                       MatchXPath('{jabber:component:accept}iq/' + PUBSUB + 'pubsub'),
                                       self.publish))

    def publish(self, iq):
        pubsub = iq.xml.find(PUBSUB + 'pubsub')
        publish = pubsub.find(PUBSUB + 'publish')
        node = publish.get('node') if publish is not None else None
        notification = publish.find(PUBSUB + 'item/' + PUSH + 'notification') if publish is not None else None
        summary = fields(notification.find(XDATA + 'x') if notification is not None else None)
        options = fields(pubsub.find(PUBSUB + 'publish-options/' + XDATA + 'x'))
        print('PUSH %s %s count=%s sender=%s body=%s secret=%s' % (
            iq['from'], node, summary.get('message-count', '-'), summary.get('last-message-sender', '-'),
            summary.get('last-message-body', '-'), options.get('secret', '-')), flush=True)
        reply = iq.reply(clear=True)
        if node and node.startswith('reject'):
            reply['type'] = 'error'
            reply['error']['type'] = 'cancel'
            reply['error']['condition'] = 'item-not-found'
        reply.send()


def main():
    host, port, domain, secret, seconds = sys.argv[1:6]
    server = AppServer(domain, secret, host, port)
    server.connect()
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.wait_for(server.disconnected, float(seconds)))
    except asyncio.TimeoutError:
        pass
    sys.exit(0)


if __name__ == '__main__':
    main()
