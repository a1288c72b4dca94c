"""XEP-0313 query latency against any server (issue #18's benchmark), with Debian's python3-slixmpp.

usage: mam-latency.py HOST PORT DOMAIN OWNER OWNERPASS PEER PEERPASS MESSAGES REPEATS
Plain TCP (no TLS; the benchmark servers run without it, as in bench/README.md). PEER sends
MESSAGES chat messages to OWNER (who need not be online); then OWNER logs in and times, REPEATS
times each, from sending the IQ to receiving its result after all result messages:
  last50      the newest 50 (RSM <before/> empty, max 50): what a client fetches at login
  with250     the oldest 250 with PEER ('with' filter)
  after50     the 50 after an id in the middle (RSM <after/>)
  all         paging the whole archive forward, 250 per page (one figure per repeat)
Prints one line per query kind: "<kind> n=<repeats> median=<ms> p95=<ms> results=<per query>".
MAM_FILL=0 skips the fill (OWNER's archive already holds MESSAGES messages from PEER, e.g. from an
earlier run); the fill's closing ping waits up to MAM_FILL_TIMEOUT seconds (default 900: a server
that archives slower than it reads takes the messages long before it has processed them).
MAM_OWNER_ONLINE=1 logs OWNER in before the fill, so the messages are delivered live rather than
stored offline (a server's offline store may hold fewer than MESSAGES: Switchboard keeps 1,000).
Run it with Debian's /usr/bin/python3 (python3-slixmpp), not a pyenv python.
"""
import os
import asyncio
import statistics
import sys
import time
import uuid

import slixmpp
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

MAM = '{urn:xmpp:mam:2}'
RSM = '{http://jabber.org/protocol/rsm}'
XDATA = '{jabber:x:data}'


class Plain(slixmpp.ClientXMPP):
    def __init__(self, jid, password):
        super().__init__(jid, password)
        self['feature_mechanisms'].unencrypted_plain = True
        self.enable_starttls = False
        self.enable_direct_tls = False
        self.enable_plaintext = True


def connect(client, host, port):
    client.connect((host, int(port)), force_starttls=False, disable_starttls=True)


class Owner(Plain):
    def __init__(self, jid, password, peer):
        super().__init__(jid, password)
        self.peer = peer
        self.results = {}
        self.ids = {}
        self.register_handler(Callback('mam result', MatchXPath('{jabber:client}message/' + MAM + 'result'),
                                       self.result))

    def result(self, msg):
        r = msg.xml.find(MAM + 'result')
        q = r.get('queryid')
        self.results[q] = self.results.get(q, 0) + 1
        self.ids.setdefault(q, []).append(r.get('id'))

    async def query(self, with_jid=None, max_=50, after=None, before=None):
        qid = uuid.uuid4().hex
        iq = self.make_iq_set()
        query = ET.SubElement(iq.xml, MAM + 'query', queryid=qid)
        if with_jid:
            x = ET.SubElement(query, XDATA + 'x', type='submit')
            for var, value in (('FORM_TYPE', 'urn:xmpp:mam:2'), ('with', with_jid)):
                f = ET.SubElement(x, XDATA + 'field', var=var)
                ET.SubElement(f, XDATA + 'value').text = value
        rsm = ET.SubElement(query, RSM + 'set')
        ET.SubElement(rsm, RSM + 'max').text = str(max_)
        if after:
            ET.SubElement(rsm, RSM + 'after').text = after
        if before is not None:
            ET.SubElement(rsm, RSM + 'before').text = before or None
        t0 = time.perf_counter()
        reply = await iq.send(timeout=60)
        ms = (time.perf_counter() - t0) * 1000
        fin = reply.xml.find(MAM + 'fin')
        last = fin.find(RSM + 'set/' + RSM + 'last') if fin is not None else None
        complete = fin is not None and fin.get('complete') in ('true', '1')
        return ms, self.results.get(qid, 0), (last.text if last is not None else None), complete, self.ids.get(qid, [])


async def fill(host, port, peer_jid, peer_pass, owner_jid, n):
    sender = Plain(peer_jid, peer_pass)
    done = asyncio.get_event_loop().create_future()

    async def start(_e):
        for i in range(n):
            sender.send_message(mto=owner_jid, mbody='mam-bench %d' % i, mtype='chat')
            if i % 200 == 199:
                await asyncio.sleep(0.05)
        # a round trip after the last message: the server has taken every message before it
        await sender['xep_0199'].ping(jid=sender.boundjid.domain, timeout=int(os.environ.get('MAM_FILL_TIMEOUT', '900')))
        done.set_result(True)
    sender.register_plugin('xep_0199')
    sender.add_event_handler('session_start', start)
    connect(sender, host, port)
    await done
    sender.disconnect()


def figures(kind, samples, per):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    print('%s n=%d median=%.1f p95=%.1f results=%s' % (kind, len(samples), statistics.median(samples), p95, per),
          flush=True)


async def main():
    host, port, domain, owner, owner_pass, peer, peer_pass, n, repeats = sys.argv[1:10]
    n, repeats = int(n), int(repeats)
    owner_jid, peer_jid = '%s@%s' % (owner, domain), '%s@%s' % (peer, domain)
    online = os.environ.get('MAM_OWNER_ONLINE', '0') == '1'
    client = Owner(owner_jid + '/bench', owner_pass, peer_jid)
    ready = asyncio.get_event_loop().create_future()
    client.add_event_handler('session_start', lambda _e: (online and client.send_presence(), ready.set_result(True)))

    async def owner_login():
        connect(client, host, port)
        await ready
    if online:
        await owner_login()
    if os.environ.get('MAM_FILL', '1') != '0':
        t0 = time.perf_counter()
        await fill(host, port, peer_jid, peer_pass, owner_jid, n)
        print('filled %d messages in %.1f s' % (n, time.perf_counter() - t0), flush=True)
    if not online:
        await owner_login()
    # Writes may trail delivery: wait until the newest archived message is the last one sent.
    for _ in range(120):
        ms, got, last, complete, ids = await client.query(max_=1, before='')
        if got == 1:
            break
        await asyncio.sleep(0.5)
    middle = None
    samples = {'last50': [], 'with250': [], 'after50': [], 'all': []}
    per = {}
    for _ in range(repeats):
        ms, got, last, complete, ids = await client.query(max_=50, before='')
        samples['last50'].append(ms)
        per['last50'] = got
        ms, got, last, complete, ids = await client.query(with_jid=peer_jid, max_=250)
        samples['with250'].append(ms)
        per['with250'] = got
        if middle is None:
            # the id in the middle: page forward to it once (not timed)
            after = None
            seen = 0
            while seen < n // 2:
                _, got2, after, _, _ = await client.query(max_=250, after=after)
                seen += got2
            middle = after
        ms, got, last, complete, ids = await client.query(max_=50, after=middle)
        samples['after50'].append(ms)
        per['after50'] = got
        total, after, pages, count = 0.0, None, 0, 0
        while True:
            ms, got, after, complete, ids = await client.query(max_=250, after=after)
            total += ms
            pages += 1
            count += got
            if complete or got == 0:
                break
        samples['all'].append(total)
        per['all'] = '%d in %d pages' % (count, pages)
    for kind in ('last50', 'with250', 'after50', 'all'):
        figures(kind, samples[kind], per.get(kind))
    client.disconnect()


if __name__ == '__main__':
    asyncio.get_event_loop().run_until_complete(main())
