#!/usr/bin/env python3
"""Runs a command and samples, every INTERVAL seconds, its RSS and the CPU use of each of
its threads by name (to see the phases of a run and which thread limits it).

usage: sample.py INTERVAL LOG CMD..."""
import os, subprocess, sys, time
from collections import defaultdict
interval, log, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
tick = os.sysconf("SC_CLK_TCK")
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t0 = time.time()
def threads(pid):
    cpu = defaultdict(float)
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            st = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        name = st[st.index("(") + 1:st.rindex(")")]
        f = st.rsplit(")", 1)[1].split()
        cpu[name] += (int(f[11]) + int(f[12])) / tick
    return cpu
with open(log, "w") as out:
    out.write("t_s\trss_mib\tcpu% by thread name over the last interval\n")
    last_t, last = 0.0, defaultdict(float)
    while p.poll() is None:
        try:
            rss = next(int(l.split()[1]) for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS"))
            cur = threads(p.pid)
        except (OSError, StopIteration):
            break
        t = time.time() - t0
        dt = max(t - last_t, 1e-9)
        parts = " ".join(f"{k}={100 * (v - last[k]) / dt:.0f}" for k, v in sorted(cur.items()) if v - last[k] > 0.005)
        out.write(f"{t:.1f}\t{rss / 1024:.0f}\t{parts}\n")
        out.flush()
        last_t, last = t, cur
        time.sleep(interval)
print(f"exit {p.wait()} after {time.time() - t0:.1f}s", file=sys.stderr)
