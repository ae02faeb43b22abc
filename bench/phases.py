#!/usr/bin/env python3
"""Runs an inspection with its phase log on (XUNJIAN_LOG=xunjian=info) and samples its RSS
every INTERVAL seconds; prints, per phase (crawl, loading the site data, site checks,
recording the findings, reports), how long it took and its peak RSS, and the run's peak.

usage: phases.py INTERVAL LOG CMD..."""
import os, re, subprocess, sys, time
interval, log, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
env = dict(os.environ, XUNJIAN_LOG="xunjian=info", NO_COLOR="1")
err = open(log, "w")
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
t0 = time.time()
marks = ["crawl and link checks finished", "site data loaded", "site checks finished", "findings recorded"]
names = ["crawl (+ link checks)", "load pages and links", "security phase + site checks", "record findings", "reports"]
samples, seen = [], {}
while p.poll() is None:
    try:
        rss = next(int(l.split()[1]) for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS"))
    except (OSError, StopIteration):
        break
    t = time.time() - t0
    with open(log) as f:
        text = f.read()
    for m in marks:
        if m not in seen and m in text:
            seen[m] = t
    samples.append((t, rss / 1024))
    time.sleep(interval)
end = time.time() - t0
status = p.wait()
bounds = [0.0] + [seen.get(m) for m in marks] + [end]
print(f"exit {status}, {end:.1f} s, sampled every {interval} s")
print("| phase | seconds | peak RSS MiB | RSS at its end MiB |")
print("|---|---|---|---|")
for i, name in enumerate(names):
    a, b = bounds[i], bounds[i + 1]
    if a is None or b is None:
        continue
    inside = [r for t, r in samples if a <= t <= b] or [0]
    print(f"| {name} | {b - a:.1f} | {max(inside):.0f} | {inside[-1]:.0f} |")
print(f"| whole run | {end:.1f} | {max((r for _, r in samples), default=0):.0f} | |")
for line in open(log):
    m = re.search(r"(site data loaded|site checks finished|findings recorded).*", line)
    if m:
        print("   ", re.sub(r"\x1b\[[0-9;]*m", "", m.group(0)))
