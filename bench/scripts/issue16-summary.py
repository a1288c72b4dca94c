#!/usr/bin/env python3
"""Tabulates the rounds written by issue16-ab.sh: python3 bench/scripts/issue16-summary.py [/tmp/b16]

One line per build and round (heap per idle session, warm logins/s of each pass, chat at each rate),
then the medians per build and the AFTER/BEFORE ratios of the medians."""
import json
import re
import statistics
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/b16")


def text(path):
    return path.read_text() if path.exists() else ""


def chat(d):
    s = text(d / "summary.txt")
    if not s:
        return None
    sent = re.search(r"sent \d+ \((\d+)/s", s)
    deliv = re.search(r"delivered \d+ in window \((\d+)/s\)", s)
    lat = re.search(r"latency    : p50 (\S+) ms p99 (\S+) ms", s)
    late = re.search(r"(\d+) late", s)
    cpu = re.search(r"(\d+)% during chat", s)
    secs = re.search(r"traffic    : (\S+) s", s)
    js = json.loads(text(d / "result.json") or "{}")
    cpu_pct = js.get("server", {}).get("cpuPercentMeasure")
    # node CPU per delivered message (ms): its share of a core in the measured window / deliveries per second
    cpu_ms = (cpu_pct / 100 * 1000 / int(deliv.group(1))) if cpu_pct and int(deliv.group(1)) else None
    return dict(cpu_ms=cpu_ms, sent=int(sent.group(1)), delivered=int(deliv.group(1)), p50=float(lat.group(1)),
                p99=float(lat.group(2)), late=int(late.group(1)) if late else 0,
                cpu=int(cpu.group(1)) if cpu else None)


def warm(d):
    m = re.search(r"logins     : (\d+) ok in \S+ s = (\d+)/s", text(d / "summary.txt"))
    return int(m.group(2)) if m else None


def warm_cpu(d):
    """node CPU per login (ms): its share of a core during the ramp x the ramp's length / logins"""
    m = re.search(r"logins     : (\d+) ok in (\S+) s", text(d / "summary.txt"))
    js = json.loads(text(d / "result.json") or "{}")
    pct = js.get("server", {}).get("cpuPercentRamp")
    return pct / 100 * float(m.group(2)) * 1000 / int(m.group(1)) if m and pct else None


rows = {}
for d in sorted(root.glob("*-r*")):
    m = re.fullmatch(r"((?:before|after)(?:-\w+)?)-r(\d+)", d.name)
    if not m:
        continue
    log = text(d / "log.txt")
    heap = re.search(r"heap/session=(\d+) B", log)
    late_h1 = re.search(r"H1 \d+ \((\d+) s after the ramp began\)", log)
    if heap and late_h1 and int(late_h1.group(1)) > 250:
        heap = None  # void: H1 taken after the 135 s hold had ended (after-r1 of 2026-12-06)
    online = re.search(r"idle online=(\d+)", log)
    if heap and online and int(online.group(1)) < 3500:
        heap = None  # void: logins failed, the session count at H1 is not known (after-r3 of 2026-12-06)
    loads = [float(x) for x in re.findall(r"\| load (\S+)", log)]
    # a repeated round (TAG=rerun) counts with its build; other tags (e.g. mamoff) are listed apart
    build = m.group(1).removesuffix("-rerun")
    rows.setdefault(build, []).append(dict(tag=m.group(1),
        round=int(m.group(2)), heap=int(heap.group(1)) if heap else None,
        warm=[w for w in (warm(d / "warm1"), warm(d / "warm2")) if w is not None],
        warm_cpu=[w for w in (warm_cpu(d / "warm1"), warm_cpu(d / "warm2")) if w is not None],
        chat=chat(d / "chat"), chat2=chat(d / "chat2"),
        load=(min(loads), max(loads)) if loads else None))

med = {}
for build in sorted(rows, key=lambda b: (b != "before", b)):
    for r in rows.get(build, []):
        c, c2 = r["chat"], r["chat2"]
        fc = lambda c: "-" if not c else f"sent {c['sent']}/s deliv {c['delivered']}/s p50 {c['p50']} p99 {c['p99']} ms late {c['late']} cpu {c['cpu']}% {c['cpu_ms'] and round(c['cpu_ms'], 3)} ms/msg"
        print(f"{r['tag']} r{r['round']}: heap {r['heap']} B | warm {r['warm']} cpu/login {[round(x, 2) for x in r['warm_cpu']]} ms | chat8k {fc(c)} | chat2k {fc(c2)} | load {r['load']}")
    rs = rows.get(build, [])
    pick = lambda f: [x for x in (f(r) for r in rs) if x is not None]
    med[build] = dict(
        heap=pick(lambda r: r["heap"]),
        warm=[w for r in rs for w in r["warm"]],
        warm_cpu_ms=[w for r in rs for w in r["warm_cpu"]],
        cpu_ms=pick(lambda r: r["chat"] and r["chat"]["cpu_ms"]),
        cpu_ms_2=pick(lambda r: r["chat2"] and r["chat2"]["cpu_ms"]),
        p99=pick(lambda r: r["chat"] and r["chat"]["p99"]),
        p50=pick(lambda r: r["chat"] and r["chat"]["p50"]),
        deliv=pick(lambda r: r["chat"] and r["chat"]["delivered"]),
        p99_2=pick(lambda r: r["chat2"] and r["chat2"]["p99"]),
        p50_2=pick(lambda r: r["chat2"] and r["chat2"]["p50"]),
        deliv_2=pick(lambda r: r["chat2"] and r["chat2"]["delivered"]))
print()
for k in med.get("before", {}):
    b, a = med["before"][k], med.get("after", {}).get(k, [])
    if b and a:
        mb, ma = statistics.median(b), statistics.median(a)
        print(f"{k:11} before median {mb:10.3f} (n={len(b)})  after median {ma:10.3f} (n={len(a)})  after/before {ma / mb:.3f}")
