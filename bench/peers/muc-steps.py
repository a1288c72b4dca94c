#!/usr/bin/env python3
"""Per-step figures of stepped muc runs: muc-steps.py STEP_SECONDS DIR/result.json [...]

The generator's one-second samples of the measured phase are cut into steps of STEP_SECONDS
(the first sample of each step, which straddles the change, is left out). Per step: mean sent/s
and delivered copies/s, the median of the per-second p50s, the largest per-second p99 (an upper
bound of the step's p99: the run's exact histogram covers all steps together), and mean server CPU.
"""
import json
import statistics
import sys


def steps(path, step_seconds):
    run = json.load(open(path))
    measure = [s for s in run["samples"] if s["phase"] == "MEASURE"]
    if not measure:
        return run, []
    t0 = measure[0]["t"] - 1.0
    last = max(0, round(run["traffic"]["measuredSeconds"] / step_seconds) - 1)
    out = {}
    for s in measure:
        k = min(last, int((s["t"] - t0 - 1e-6) // step_seconds))
        out.setdefault(k, []).append(s)
    rows = []
    for k in sorted(out):
        ss = out[k][1:] or out[k]
        rows.append((k + 1, statistics.mean(x["sentPerSecond"] for x in ss),
                     statistics.mean(x["deliveredPerSecond"] for x in ss),
                     statistics.median(x["p50Ms"] for x in ss), max(x["p99Ms"] for x in ss),
                     statistics.mean(x["serverCpuPercent"] for x in ss)))
    return run, rows


def main():
    step_seconds = float(sys.argv[1])
    for path in sys.argv[2:]:
        run, rows = steps(path, step_seconds)
        t = run["traffic"]
        print(f"# {path} {run.get('label', '')}")
        print(f"  run: sent {t.get('sent')} delivered {t.get('delivered')} counters {run.get('counters')}")
        for step, sent, delivered, p50, p99, cpu in rows:
            print(f"  step {step}: sent {sent:7.1f}/s delivered {delivered:8.0f}/s p50 {p50:7.1f} ms "
                  f"p99<= {p99:7.1f} ms server CPU {cpu:4.0f}%")


if __name__ == "__main__":
    main()
