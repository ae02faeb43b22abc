#!/usr/bin/env python3
"""Runs an inspection with its phase log on (XUNJIAN_LOG=xunjian=info) and samples its RSS
every INTERVAL seconds; prints, per phase (crawl, loading the site data, site checks,
recording the findings, reports), how long it took and its peak RSS, and the run's peak.
Phase boundaries are the timestamps of the run's own log lines.

usage: phases.py INTERVAL LOG CMD..."""
import os, re, subprocess, sys, time
from datetime import datetime
interval, log, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
env = dict(os.environ, XUNJIAN_LOG="xunjian=info", NO_COLOR="1")
with open(log, "w") as err:
    t0 = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
    samples = []  # (seconds since start, RSS MiB)
    while p.poll() is None:
        try:
            rss = next(int(l.split()[1]) for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS"))
        except (OSError, StopIteration):
            break
        samples.append((time.time() - t0, rss / 1024))
        time.sleep(interval)
    status = p.wait()
    end = time.time() - t0
marks = ["crawl and link checks finished", "site data loaded", "site checks finished", "findings recorded"]
names = ["crawl (+ link checks)", "load pages and links", "security phase + site checks", "record findings", "reports"]
at, notes = {}, []
for line in open(log):
    line = re.sub(r"\x1b\[[0-9;]*m", "", line)
    for m in marks:
        if m in line and m not in at:
            stamp = datetime.fromisoformat(line.split()[0].replace("Z", "+00:00"))
            at[m] = stamp.timestamp() - t0
            if m != marks[0]:
                notes.append(line[line.index(m):].strip())
bounds = [0.0] + [at.get(m) for m in marks] + [end]
print(f"exit {status}, {end:.1f} s, sampled every {interval} s")
print("| phase | seconds | peak RSS MiB | RSS at its end MiB |")
print("|---|---|---|---|")
for i, name in enumerate(names):
    a, b = bounds[i], bounds[i + 1]
    if a is None or b is None:
        continue
    # the last sample before the phase ended counts too: a short phase may hold no sample
    inside = [r for t, r in samples if a <= t <= b] or [r for t, r in samples if t <= b][-1:] or [0]
    print(f"| {name} | {b - a:.1f} | {max(inside):.0f} | {inside[-1]:.0f} |")
print(f"| whole run | {end:.1f} | {max((r for _, r in samples), default=0):.0f} | |")
for n in notes:
    print("   ", n)
