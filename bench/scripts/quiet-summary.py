#!/usr/bin/env python3
"""One line per chat run for the quiet-machine tables (bench/README.md), and the node's GC pauses.

  quiet-summary.py RESULT_JSON [GC_LOG]

RESULT_JSON is the generator's result.json; GC_LOG a file written with
-Xlog:gc*:file=...:time,uptime,level,tags (wall-clock decoration first); stop-the-world pauses of
Serial, Parallel and G1 ("Pause Young ... 80M->20M 12.3ms") and of ZGC ("Pause Mark Start 0.02ms"). The measured phase is
startedAt + the first and last MEASURE sample (one-second samples, t = end of the second).
"""
import json
import re
import sys
from datetime import datetime, timedelta

PAUSE = re.compile(r'^\[([^\]]+)\]\[[^\]]+\]\[info\]\[gc\s*\] GC\(\d+\) (Pause .*?) \S+->\S+ ([0-9.]+)ms$')
# ZGC (generational, JDK 21+) logs its three short pauses per cycle as phases, without heap sizes.
ZPAUSE = re.compile(r'^\[([^\]]+)\]\[[^\]]+\]\[info\]\[gc,phases\s*\] GC\(\d+\) (?:[YO]: )?(Pause .*?) ([0-9.]+)ms$')


def when(text):
    return datetime.fromisoformat(text.replace('Z', '+00:00'))


def main():
    r = json.load(open(sys.argv[1]))
    t, lat, srv = r['traffic'], r['traffic']['latency'], r['server']
    measure = [s['t'] for s in r['samples'] if s['phase'] == 'MEASURE']
    drain = [s['t'] for s in r['samples'] if s['phase'] == 'DRAIN']
    start = when(r['startedAt'])
    print(f"online {r['sessions']['onlineAtMeasureStart']}/{r['sessions']['attempted']}; "
          f"offered {t['offeredPerSecond']:.0f}/s sent {t['sentPerSecond']:.0f}/s "
          f"delivered-in-window {t['deliveredPerSecond']:.0f}/s; sent {t['sent']} delivered {t['delivered']} "
          f"({'all' if t['delivered'] >= t['sent'] else 'MISSING ' + str(t['sent'] - t['delivered'])} by the drain); "
          f"p50 {lat['p50Ms']:.2f} ms p99 {lat['p99Ms']:.1f} ms max {lat['maxMs']:.0f} ms; "
          f"server CPU (measured) {srv['cpuPercentMeasure']:.0f}%; blocked {t['sendsBlocked']} late {t['sendsLate']}; "
          f"errors {r['errors']['total']}")
    if len(sys.argv) < 3 or not measure:
        return
    lo = start + timedelta(seconds=min(measure) - 1)
    hi = start + timedelta(seconds=max(measure))
    end = start + timedelta(seconds=max(drain or measure))
    inside, run = [], []
    for line in open(sys.argv[2], errors='replace'):
        m = PAUSE.match(line.strip()) or ZPAUSE.match(line.strip())
        if not m:
            continue
        at = when(m.group(1)[:-2] + ':' + m.group(1)[-2:]) if re.search(r'[+-]\d{4}$', m.group(1)) else when(m.group(1))
        ms = float(m.group(m.lastindex))
        if lo <= at <= hi:
            inside.append((ms, m.group(2).strip()))
        if lo <= at <= end:
            run.append(ms)
    if inside:
        top = max(inside)
        over = sum(1 for ms, _ in inside if ms > 10)
        print(f"GC in measured phase: {len(inside)} pauses, longest {top[0]:.1f} ms ({top[1]}), "
              f"{over} over 10 ms, total {sum(ms for ms, _ in inside):.0f} ms; "
              f"longest incl. drain {max(run):.1f} ms")
    else:
        print("GC in measured phase: no pauses")


if __name__ == '__main__':
    main()
