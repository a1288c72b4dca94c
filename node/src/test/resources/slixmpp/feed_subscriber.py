"""A slixmpp (Debian python3-slixmpp) pub-sub subscriber for the feed tests.

usage: feed_subscriber.py PORT JID PASSWORD SERVICE NODES CAFILE SECONDS
Subscribes to each of NODES (comma-separated) at SERVICE, prints "SUBSCRIBED <node>" for each,
then "ITEM <node> <id> <atom title>" for every item notification, until SECONDS have passed.
"""
import asyncio
import logging
import sys

import slixmpp

ATOM = '{http://www.w3.org/2005/Atom}'
logging.basicConfig(level=logging.WARNING)


class Subscriber(slixmpp.ClientXMPP):
    def __init__(self, jid, password, service, nodes):
        super().__init__(jid, password)
        self.service, self.nodes = service, nodes
        self.register_plugin('xep_0060')
        self.add_event_handler('session_start', self.start)
        self.add_event_handler('pubsub_publish', self.published)

    async def start(self, _event):
        self.send_presence()
        for node in self.nodes:
            try:
                await self['xep_0060'].subscribe(self.service, node)
                print('SUBSCRIBED', node, flush=True)
            except slixmpp.exceptions.IqError as e:
                print('SUBSCRIBE-FAILED', node, e.iq['error']['condition'], flush=True)

    def published(self, msg):
        items = msg['pubsub_event']['items']
        item = items['item']
        payload = item['payload']
        title = payload.find(ATOM + 'title') if payload is not None else None
        print('ITEM', items['node'], item['id'], title.text if title is not None else '-', flush=True)


def main():
    port, jid, password, service, nodes, cafile, seconds = sys.argv[1:8]
    client = Subscriber(jid, password, service, nodes.split(','))
    client.ca_certs = cafile
    client.connect(('127.0.0.1', int(port)), force_starttls=True)
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.wait_for(client.disconnected, int(seconds)))
    except asyncio.TimeoutError:
        client.disconnect()


if __name__ == '__main__':
    main()
