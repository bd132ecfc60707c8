#!/usr/bin/python3
"""What watching costs: our server (pinned to core 0) answers dnsperf (pinned to core 1) on the
10,000-name zone with the query log off, with it on (one JSON line per query to a file), and with
/metrics scraped every second; alternating rounds, a fresh server per round, warmed by dnsperf and
three scrapes before each measured round. Prints QPS and server
CPU per query for each, and the ratio to the baseline.

Reuses bench.py's process bookkeeping, dnsperf runner and /proc CPU readings.
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
import urllib.request

import bench

CONFIGS = {
    "baseline": {},
    "query log on": {"QueryLog": {"Enabled": True}},
    "metrics scraped every 1 s": {},
}


def scraper_once(url, counts):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            response.read()
        counts["ok"] += 1
    except OSError:
        counts["failed"] += 1


def scraper(url, stop, counts):
    while not stop.wait(1.0):
        scraper_once(url, counts)


def main():
    p = argparse.ArgumentParser()
    for name in ("--bin", "--work", "--zones", "--queries", "--pidfile", "--out-md"):
        p.add_argument(name, required=True)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--port", type=int, default=15321)
    p.add_argument("--http-port", type=int, default=15381)
    p.add_argument("--command", default=" ".join(sys.argv))
    args = p.parse_args()
    if not 1 <= args.rounds <= 10 or not 1 <= args.duration <= 60:
        p.error("rounds must be 1..10 and duration 1..60 seconds")

    perf = argparse.Namespace(clients=16, client_threads=4, outstanding=100, edns=1, queries=args.queries,
                              duration=args.duration)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tracker = bench.Tracker(args.pidfile)
    results = {name: [] for name in CONFIGS}
    scrapes = {"ok": 0, "failed": 0}
    try:
        for round_number in range(args.rounds):
            for name, extra in CONFIGS.items():
                folder = f"{args.work}/obs-{round_number}-{len(results[name])}-{name.split()[0]}"
                os.makedirs(folder, exist_ok=True)
                config = dict(extra)
                if "QueryLog" in config:
                    config["QueryLog"] = dict(config["QueryLog"], Path=f"{folder}/queries.jsonl")
                with open(f"{folder}/config.json", "w") as f:
                    json.dump(config, f)
                server = bench.Server("ours", "ours", "127.0.0.1", args.port, lambda folder=folder: [
                    args.bin, "serve", "--listen", f"127.0.0.1:{args.port}", "--zones", args.zones,
                    "--threads", "1", "--data", f"{folder}/data", "--config", f"{folder}/config.json",
                    "--http", f"127.0.0.1:{args.http_port}"])
                proc = bench.start(server, tracker, True, args.work)
                # Warm the HTTP path too (its first request compiles it), in every configuration alike.
                warm = {"ok": 0, "failed": 0}
                for _ in range(3):
                    scraper_once(f"http://127.0.0.1:{args.http_port}/metrics", warm)
                bench.dnsperf(server, perf, "udp", True, tracker, 2)
                stop = threading.Event()
                thread = None
                if name.startswith("metrics"):
                    thread = threading.Thread(target=scraper, args=(f"http://127.0.0.1:{args.http_port}/metrics", stop, scrapes))
                    thread.start()
                try:
                    result = bench.measured_round(server, proc, perf, "udp", True, tracker)
                finally:
                    stop.set()
                    if thread:
                        thread.join()
                tracker.stop("ours")
                bench.log(f"round {round_number + 1} {name}: {result['qps']:.0f} QPS, "
                          f"{result['us_per_query']:.2f} µs/query ({result['user_us_per_query']:.2f} user)")
                results[name].append(result)
    finally:
        tracker.stop_all()

    title = (f"Watching the server, {time.strftime('%Y-%m-%d')}: UDP, server pinned to core 0 (--threads 1), "
             f"dnsperf -T 4 -c 16 -q 100 pinned to core 1, 10,000-name zone, {args.rounds} rounds of "
             f"{args.duration} s, medians; {scrapes['ok']} scrapes answered, {scrapes['failed']} failed.")
    bench.write_median_table(args.out_md, title, args.command, "configuration", results, "qps", "QPS vs baseline")


if __name__ == "__main__":
    main()
