#!/usr/bin/python3
"""Pooled names beside plain ones: our server (pinned to core 0) answers dnsperf (pinned to core 1)
for a plain A record, a Weighted pool and a RoundRobin pool of the same zone, in alternating
rounds; prints QPS and server CPU per query for each, and the ratio to the plain name.

Reuses bench.py's process bookkeeping, dnsperf runner and /proc CPU readings.
"""
import argparse
import json
import os
import random
import signal
import sys
import time

import bench

POOL_CONFIG = {
    "LoadBalancing": {
        "Seed": 1,
        "Pools": {
            "weighted": {"Mode": "Weighted", "Ttl": 5, "Count": 1, "Members": [
                {"Address": "192.0.2.21", "Weight": 3},
                {"Address": "192.0.2.22", "Weight": 1},
                {"Address": "192.0.2.23", "Weight": 1, "Priority": 2}]},
            "roundrobin": {"Mode": "RoundRobin", "Ttl": 5, "Members": [
                {"Address": "192.0.2.31"}, {"Address": "192.0.2.32"},
                {"Address": "192.0.2.33"}, {"Address": "192.0.2.34"}]},
        },
        "Records": [
            {"Name": "www.bench.test.", "Type": "A", "Pool": "weighted"},
            {"Name": "rr.bench.test.", "Type": "A", "Pool": "roundrobin"},
        ],
    }
}

KINDS = {
    "plain": lambda rng, names: f"host{rng.randrange(names)}.bench.test. A",
    "weighted": lambda rng, names: "www.bench.test. A",
    "roundrobin": lambda rng, names: "rr.bench.test. A",
}


def write_inputs(work, names):
    with open(f"{work}/pools.json", "w") as f:
        json.dump(POOL_CONFIG, f, indent=2)
    files = {}
    for kind, make in KINDS.items():
        rng = random.Random(20261125)
        path = f"{work}/queries-{kind}.txt"
        with open(path, "w") as f:
            for _ in range(20000):
                f.write(make(rng, names) + "\n")
        files[kind] = path
    return files


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--zones", required=True)
    p.add_argument("--pidfile", required=True)
    p.add_argument("--out-md", required=True)
    p.add_argument("--queries", help="unused: each kind writes its own query file")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--names", type=int, default=10000)
    p.add_argument("--port", type=int, default=15311)
    p.add_argument("--command", default=" ".join(sys.argv))
    args = p.parse_args()
    if not 1 <= args.rounds <= 10 or not 1 <= args.duration <= 60:
        p.error("rounds must be 1..10 and duration 1..60 seconds")

    files = write_inputs(args.work, args.names)
    data = f"{args.work}/pools-data"
    os.makedirs(data, exist_ok=True)
    server = bench.Server("ours", "ours", "127.0.0.1", args.port, lambda: [
        args.bin, "serve", "--listen", f"127.0.0.1:{args.port}", "--zones", args.zones,
        "--threads", "1", "--data", data, "--config", f"{args.work}/pools.json"])
    perf = argparse.Namespace(clients=16, client_threads=4, outstanding=100, edns=1, queries=None)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tracker = bench.Tracker(args.pidfile)
    results = {kind: [] for kind in KINDS}
    try:
        proc = bench.start(server, tracker, True, args.work)
        for kind in KINDS:
            perf.queries = files[kind]
            bench.dnsperf(server, perf, "udp", True, tracker, 2)
        for round_number in range(args.rounds):
            for kind in KINDS:
                perf.queries = files[kind]
                perf.duration = args.duration
                result = bench.measured_round(server, proc, perf, "udp", True, tracker)
                bench.log(f"round {round_number + 1} {kind}: {result['qps']:.0f} QPS, "
                          f"{result['us_per_query']:.2f} µs/query ({result['user_us_per_query']:.2f} user)")
                results[kind].append(result)
    finally:
        tracker.stop_all()

    title = (f"Pooled names beside a plain one, {time.strftime('%Y-%m-%d')}: UDP, server pinned to core 0 "
             f"(--threads 1), dnsperf -T 4 -c 16 -q 100 pinned to core 1, {args.rounds} rounds of "
             f"{args.duration} s, medians.")
    bench.write_median_table(args.out_md, title, args.command, "name", results, "us_per_query", "µs/query vs plain")


if __name__ == "__main__":
    main()
