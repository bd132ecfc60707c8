#!/usr/bin/python3
"""Our server with a 1,000,000-record zone next to the same server with the 10,000-name zone:
load time (launch to the log line that reports the zone loaded), memory after loading and after
the load, and server CPU per query under dnsperf (pinned: server core 0, dnsperf core 1), in
alternating rounds. Called by million.sh; uses bench.py's helpers.
"""
import argparse
import datetime
import re
import signal
import sys
import time

import bench


def log_time(path, pattern):
    with open(path) as f:
        for line in f:
            if re.search(pattern, line):
                stamp = line.split(" ", 1)[0]
                return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f").timestamp()
    return None


def main():
    p = argparse.ArgumentParser()
    for name in ("bin", "work", "small-zones", "big-zones", "small-queries", "big-queries",
                 "pidfile", "out-md"):
        p.add_argument(f"--{name}", required=True)
    p.add_argument("--records", default="?")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--transports", default="udp")
    p.add_argument("--port-base", type=int, default=15310)
    p.add_argument("--commit", default="?")
    p.add_argument("--command", default=" ".join(sys.argv))
    a = p.parse_args()
    if not (1 <= a.duration <= 60 and 1 <= a.rounds <= 10):
        p.error("duration 1..60, rounds 1..10")
    # bench.dnsperf reads its load shape from these
    a.clients, a.client_threads, a.outstanding, a.edns = 16, 4, 100, 1

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tracker = bench.Tracker(a.pidfile)
    cases = []
    for key, zones, queries, port in (("small", a.small_zones, a.small_queries, a.port_base + 1),
                                      ("big", a.big_zones, a.big_queries, a.port_base + 2)):
        data = f"{a.work}/data-{key}"
        server = bench.Server(key, key, "127.0.0.1", port, lambda z=zones, pt=port, d=data: [
            a.bin, "serve", "--listen", f"127.0.0.1:{pt}", "--zones", z, "--threads", "1",
            "--data", d, "--http", f"127.0.0.1:{pt + 1000}"])
        cases.append({"key": key, "server": server, "queries": queries, "rounds": {}})
    try:
        for c in cases:
            launched = time.time()
            proc = bench.start(c["server"], tracker, True, a.work, ready_timeout=600)
            logfile = f"{a.work}/{c['key']}-pinned.log"
            loaded = log_time(logfile, r"Zone \S+ loaded")
            listening = log_time(logfile, r"Listening for DNS")
            c.update(proc=proc, load_s=(loaded - launched) if loaded else None,
                     ready_s=(listening - launched) if listening else None,
                     records=(re.search(r"loaded: serial \d+, (\d+) records", open(logfile).read())
                              or [None, "?"])[1])
            c["rss_loaded_kb"] = bench.memory(proc.pid)[0]
            bench.log(f"{c['key']}: {c['records']} records, zone loaded {c['load_s']:.2f} s after "
                      f"launch, RSS {c['rss_loaded_kb'] / 1024:.0f} MB")
        for transport in a.transports.split(","):
            for c in cases:
                a.queries = c["queries"]
                bench.dnsperf(c["server"], a, transport, True, tracker, a.warmup)
                c["rounds"][transport] = []
            for r in range(a.rounds):
                for c in (cases if r % 2 == 0 else cases[::-1]):
                    a.queries = c["queries"]
                    res = bench.measured_round(c["server"], c["proc"], a, transport, True, tracker)
                    c["rounds"][transport].append(res)
                    bench.log(f"{transport} round {r + 1} {c['key']:5}: {res['qps']:9.0f} qps, "
                              f"{res['us_per_query']:.2f} us/q ({res['user_us_per_query']:.2f} user),"
                              f" lost {res['lost']}")
        for c in cases:
            c["rss_after_kb"] = bench.memory(c["proc"].pid)[0]
    finally:
        tracker.stop_all()

    lines = [
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}; commit {a.commit}; load average "
        f"{bench.os.getloadavg()[0]:.2f} at the end",
        f"- Command: `{a.command}`",
        f"- Pinned (server core 0, dnsperf -c 16 -T 4 -q 100 -e on core 1), {a.rounds} rounds of "
        f"{a.duration} s per zone, alternating; ours --threads 1",
        "",
        "| zone | records | zone loaded after launch | RSS after load | RSS after queries "
        "| transport | QPS median (min–max) | server µs/query | user µs/query | lost |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for c in cases:
        for transport, rounds in c["rounds"].items():
            sm = bench.summarize(rounds)
            lines.append(
                f"| {'10,000 names' if c['key'] == 'small' else '1M records'} | {c['records']} "
                f"| {c['load_s']:.1f} s | {c['rss_loaded_kb'] / 1024:.0f} MB "
                f"| {c['rss_after_kb'] / 1024:.0f} MB | {transport.upper()} "
                f"| {sm['qps_median'] / 1000:.1f}k ({sm['qps_min'] / 1000:.1f}–{sm['qps_max'] / 1000:.1f}k) "
                f"| {sm['us']:.2f} | {sm['user_us']:.2f} | {sm['lost']} |")
    text = "\n".join(lines) + "\n"
    with open(a.out_md, "w") as f:
        f.write(text)
    bench.log("\n" + text)
    bench.log(f"written: {a.out_md}")


if __name__ == "__main__":
    main()
