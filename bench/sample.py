#!/usr/bin/env python3
"""Runs a command and samples its CPU time and RSS every INTERVAL seconds (to see the
phases of a run: crawl, site checks, report). usage: sample.py INTERVAL LOG CMD..."""
import os, subprocess, sys, time
interval, log, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
tick = os.sysconf("SC_CLK_TCK")
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t0 = time.time()
with open(log, "w") as f:
    f.write("t_s\tcpu_s\tcpu_pct_interval\trss_mib\tthreads\n")
    last_t, last_cpu = 0.0, 0.0
    while p.poll() is None:
        try:
            st = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
            rss = next(int(l.split()[1]) for l in open(f"/proc/{p.pid}/status") if l.startswith("VmRSS"))
        except (OSError, StopIteration):
            break
        t = time.time() - t0
        cpu = (int(st[11]) + int(st[12])) / tick
        pct = 100 * (cpu - last_cpu) / max(t - last_t, 1e-9)
        f.write(f"{t:.1f}\t{cpu:.1f}\t{pct:.0f}\t{rss / 1024:.0f}\t{st[17]}\n")
        f.flush()
        last_t, last_cpu = t, cpu
        time.sleep(interval)
print(f"exit {p.wait()} after {time.time() - t0:.1f}s", file=sys.stderr)
