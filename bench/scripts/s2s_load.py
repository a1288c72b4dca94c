#!/usr/bin/env python3
"""One-way s2s load: senders on server X (c2s), receivers on server Y (c2s), messages X -> Y over
the servers' s2s stream. Measures delivered messages/s and one-way latency (the body carries the
send time of this one process's monotonic clock). Plain asyncio, no XMPP library: PLAIN (or --scram SCRAM-SHA-1) SASL
(after STARTTLS with --send-tls / --recv-tls, certificates not checked: loopback test servers),
bind, initial presence. Loopback only, bounded in count and time.

  s2s_load.py --send 127.0.0.1:23222 --send-domain sw.test --recv 127.0.0.1:24222 \
      --recv-domain prosody.test --users 20 --rate 500 --duration 20 --label "sw->prosody 500"

Prints one JSON line: sent, received, lost (not received), bounced (came back as errors), offered and delivered rates, latency percentiles (ms).
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import ipaddress
import os
import json
import re
import ssl
import sys
import time

STREAM = ("<?xml version='1.0'?><stream:stream to='{d}' xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")
ERRORS = re.compile(rb"<([a-z-]+) xmlns=.urn:ietf:params:xml:ns:xmpp-stanzas")
RUN = os.urandom(4).hex()  # in every body: messages of an earlier run still on their way do not count
BODY = re.compile(rb"<body>" + RUN.encode() + rb"(w?)(\d+) (\d+)</body>")


def loopback(hostport):
    host, port = hostport.rsplit(":", 1)
    if not ipaddress.ip_address(host).is_loopback:
        sys.exit("refusing non-loopback address " + host)
    return host, int(port)


class Session:
    def __init__(self, addr, domain, user, password, tls, scram, on_body=None):
        self.addr, self.domain, self.user, self.password, self.tls = addr, domain, user, password, tls
        self.scram = scram
        self.on_body = on_body
        self.buf = b""

    async def _until(self, marker, timeout=30):
        end = time.monotonic() + timeout
        while marker not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.user}@{self.domain}: no {marker!r} in {self.buf[-300:]!r}")
            data = await asyncio.wait_for(self.reader.read(65536), left)
            if not data:
                raise ConnectionError(f"{self.user}@{self.domain}: closed, last {self.buf[-300:]!r}")
            self.buf += data
        i = self.buf.index(marker) + len(marker)
        head, self.buf = self.buf[:i], self.buf[i:]
        return head

    async def _open(self):
        self.buf = b""
        self.writer.write(STREAM.format(d=self.domain).encode())
        return await self._until(b"</stream:features>")

    async def _scram(self):
        """SCRAM-SHA-1 (RFC 5802) without channel binding."""
        bare = f"n={self.user},r={base64.b64encode(os.urandom(18)).decode()}"
        first = base64.b64encode(("n,," + bare).encode()).decode()
        self.writer.write(f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>{first}</auth>".encode())
        head = await self._until(b"</challenge>")
        server_first = base64.b64decode(re.search(rb"<challenge[^>]*>([^<]*)</challenge>", head).group(1)).decode()
        attrs = dict(kv.split("=", 1) for kv in server_first.split(","))
        salted = hashlib.pbkdf2_hmac("sha1", self.password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
        client_key = hmac.new(salted, b"Client Key", hashlib.sha1).digest()
        without_proof = f"c=biws,r={attrs['r']}"
        message = f"{bare},{server_first},{without_proof}".encode()
        signature = hmac.new(hashlib.sha1(client_key).digest(), message, hashlib.sha1).digest()
        proof = base64.b64encode(bytes(x ^ y for x, y in zip(client_key, signature))).decode()
        final = base64.b64encode(f"{without_proof},p={proof}".encode()).decode()
        self.writer.write(f"<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>{final}</response>".encode())

    async def login(self):
        self.reader, self.writer = await asyncio.open_connection(*self.addr)
        features = await self._open()
        if self.tls:
            if b"starttls" not in features:
                raise ConnectionError(f"{self.domain}: no STARTTLS offered")
            self.writer.write(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            await self._until(b"<proceed")
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            await self.writer.start_tls(ctx, server_hostname=self.domain)
            await self._open()
        if self.scram:
            await self._scram()
        else:
            cred = base64.b64encode(f"\0{self.user}\0{self.password}".encode()).decode()
            self.writer.write(f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{cred}</auth>".encode())
        end = time.monotonic() + 30
        while b"<success" not in self.buf and b"<failure" not in self.buf and time.monotonic() < end:
            data = await asyncio.wait_for(self.reader.read(65536), max(0.01, end - time.monotonic()))
            if not data:
                break
            self.buf += data
        if b"<success" not in self.buf:
            raise ConnectionError(f"{self.user}@{self.domain}: SASL failed: {self.buf!r}")
        features = await self._open()
        self.writer.write(b"<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                          b"<resource>bench</resource></bind></iq>")
        await self._until(b"</iq>")
        if b"xmpp-session" in features and b"<optional" not in features.split(b"xmpp-session")[1][:40]:
            self.writer.write(b"<iq type='set' id='sess1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")
            await self._until(b"sess1")
        self.writer.write(b"<presence/>")
        await self.writer.drain()

    async def count_errors(self, counter):
        """A sender's stream: counts bounced messages (a stanza error, e.g. remote-server-timeout)."""
        data = self.buf
        self.buf = b""
        while True:
            counter[0] += data.count(b"<error")
            for cond in ERRORS.findall(data):
                counter[1][cond.decode()] = counter[1].get(cond.decode(), 0) + 1
            data = data[-16:] if b"<error" not in data[-16:] else b""
            chunk = await self.reader.read(65536)
            if not chunk:
                return
            data += chunk

    async def receive(self):
        data = self.buf
        self.buf = b""
        while True:
            if data:
                now = time.monotonic_ns()
                tail = 0
                for m in BODY.finditer(data):
                    self.on_body(m.group(1) == b"w", int(m.group(2)), int(m.group(3)), now)
                    tail = m.end()
                keep = data[tail:]
                data = keep[-4096:] if len(keep) > 4096 else keep
            chunk = await self.reader.read(65536)
            if not chunk:
                return
            data += chunk

    async def close(self):
        try:
            self.writer.write(b"</stream:stream>")
            await asyncio.wait_for(self.writer.drain(), 2)
            self.writer.close()
        except Exception:
            pass


def pct(sorted_vals, p):
    if not sorted_vals:
        return None
    return sorted_vals[min(len(sorted_vals) - 1, int(p / 100.0 * len(sorted_vals)))]


async def run(a):
    send_addr, recv_addr = loopback(a.send), loopback(a.recv)
    lat = []
    got = set()
    warm = set()
    last = [0]

    def on_body(warmup, seq, stamp, now):
        if warmup:
            warm.add(seq)
            return
        if seq not in got:
            got.add(seq)
            lat.append((now - stamp) / 1e6)
            last[0] = now

    senders = [Session(send_addr, a.send_domain, f"{a.send_prefix}{i}", f"{a.pass_prefix}{i}", a.send_tls, a.scram)
               for i in range(1, a.users + 1)]
    receivers = [Session(recv_addr, a.recv_domain, f"{a.recv_prefix}{i}", f"{a.pass_prefix}{i}", a.recv_tls, a.scram, on_body)
                 for i in range(1, a.users + 1)]
    t0 = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(s.login() for s in senders + receivers)), 60)
    login_s = time.monotonic() - t0
    tasks = [asyncio.create_task(r.receive()) for r in receivers]
    bounced = [0, {}]
    tasks += [asyncio.create_task(s.count_errors(bounced)) for s in senders]
    to = [f"{a.recv_prefix}{i}@{a.recv_domain}/bench" for i in range(1, a.users + 1)]

    def send(s, i, seq, prefix):
        s.writer.write(f"<message to='{to[i]}' type='chat' id='{prefix}{seq}'><body>{RUN}{prefix}{seq} "
                       f"{time.monotonic_ns()}</body></message>".encode())

    # Warm-up: every pair once, until all arrived (opens and authenticates the s2s streams).
    t0 = time.monotonic()
    for rnd in range(3):
        for i, s in enumerate(senders):
            send(s, i, rnd * a.users + i, "w")
    need = 3 * a.users
    while len(warm) < need and time.monotonic() - t0 < a.warmup_timeout:
        await asyncio.sleep(0.05)
    warm_s = time.monotonic() - t0
    if len(warm) < need:
        print(json.dumps({"label": a.label, "error": f"warm-up: {len(warm)} of {need} in {warm_s:.1f}s"}))
        return 2

    total = int(a.rate * a.duration)
    tick = 0.005
    start = time.monotonic()
    start_ns = time.monotonic_ns()
    seq = 0
    hard_end = start + a.duration * 3 + 10
    while seq < total and time.monotonic() < hard_end:
        due = min(total, int((time.monotonic() - start) * a.rate) + 1)
        while seq < due:
            i = seq % a.users
            send(senders[i], i, seq, "")
            seq += 1
        await asyncio.sleep(tick)
    send_s = time.monotonic() - start
    # Drain: until all arrived or bounced, nothing arrives for 10 s, or --drain seconds.
    d0 = time.monotonic()
    seen, seen_t = len(got), time.monotonic()
    while len(got) < seq and time.monotonic() - d0 < a.drain:
        await asyncio.sleep(0.05)
        if len(got) != seen:
            seen, seen_t = len(got), time.monotonic()
        elif len(got) + bounced[0] >= seq or time.monotonic() - seen_t > 10:
            break
    for t in tasks:
        t.cancel()
    await asyncio.gather(*(s.close() for s in senders + receivers))
    lat.sort()
    span = (last[0] - start_ns) / 1e9 if last[0] else 0
    out = {
        "label": a.label, "users": a.users, "offered_rate": a.rate, "sent": seq, "received": len(got),
"lost": seq - len(got), "bounced": bounced[0], "errors": bounced[1], "send_s": round(send_s, 2), "delivered_per_s": round(len(got) / span, 1) if span else 0,
        "p50_ms": round(pct(lat, 50), 2) if lat else None, "p90_ms": round(pct(lat, 90), 2) if lat else None,
        "p99_ms": round(pct(lat, 99), 2) if lat else None, "max_ms": round(lat[-1], 2) if lat else None,
        "login_s": round(login_s, 2), "warmup_s": round(warm_s, 2),
    }
    print(json.dumps(out), flush=True)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--send", required=True, help="sender server c2s HOST:PORT (loopback)")
    p.add_argument("--send-domain", required=True)
    p.add_argument("--recv", required=True, help="receiver server c2s HOST:PORT (loopback)")
    p.add_argument("--recv-domain", required=True)
    p.add_argument("--send-tls", action="store_true", help="STARTTLS on the senders' connections")
    p.add_argument("--recv-tls", action="store_true", help="STARTTLS on the receivers' connections")
    p.add_argument("--scram", action="store_true", help="SCRAM-SHA-1 instead of PLAIN on every connection")
    p.add_argument("--users", type=int, default=20, help="senders = receivers = N; sender i writes to receiver i")
    p.add_argument("--send-prefix", default="user")
    p.add_argument("--recv-prefix", default="user")
    p.add_argument("--pass-prefix", default="pass")
    p.add_argument("--rate", type=float, default=500, help="messages per second in total")
    p.add_argument("--duration", type=float, default=20, help="seconds of sending (count = rate x duration)")
    p.add_argument("--drain", type=float, default=30, help="longest wait for the last messages")
    p.add_argument("--warmup-timeout", type=float, default=60)
    p.add_argument("--label", default="")
    a = p.parse_args()
    if a.duration > 600 or a.rate * a.duration > 1_000_000:
        sys.exit("bounded: at most 600 s and 1,000,000 messages")
    sys.exit(asyncio.run(run(a)))


if __name__ == "__main__":
    main()
