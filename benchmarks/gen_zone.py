#!/usr/bin/python3
"""Writes the benchmark zone and the dnsperf query file, deterministically (seeded).

Zone bench.test.: SOA, NS, ns1; host0..host{N-1} with an A record each, every 10th also AAAA,
every 25th MX, every 20th TXT. Plain master-file syntax that NSD, Knot and our server all read.

Queries: 90% A for existing hosts, 5% A for names that do not exist (NXDOMAIN), 5% AAAA/MX/TXT
for hosts that have that type.
"""
import argparse
import random


def write_zone(path, origin, names):
    with open(path, "w") as f:
        f.write(f"$ORIGIN {origin}\n$TTL 3600\n")
        f.write("@ IN SOA ns1 hostmaster 2026112501 7200 1800 1209600 300\n")
        f.write("@ IN NS ns1\n")
        f.write("ns1 IN A 192.0.2.1\n")
        for i in range(names):
            f.write(f"host{i} IN A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n")
            if i % 10 == 0:
                f.write(f"host{i} IN AAAA 2001:db8::{i >> 16:x}:{i & 0xffff:x}\n")
            if i % 25 == 0:
                f.write(f"host{i} IN MX 10 ns1\n")
            if i % 20 == 0:
                f.write(f'host{i} IN TXT "v=bench host {i}"\n')


def write_queries(path, origin, names, count, seed):
    rng = random.Random(seed)
    other = [("AAAA", 10), ("MX", 25), ("TXT", 20)]
    with open(path, "w") as f:
        for _ in range(count):
            r = rng.random()
            if r < 0.90:
                f.write(f"host{rng.randrange(names)}.{origin} A\n")
            elif r < 0.95:
                f.write(f"nohost{rng.randrange(names)}.{origin} A\n")
            else:
                rtype, step = rng.choice(other)
                f.write(f"host{rng.randrange(names // step) * step}.{origin} {rtype}\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--zone", required=True)
    p.add_argument("--queries")
    p.add_argument("--origin", default="bench.test.")
    p.add_argument("--names", type=int, default=10000)
    p.add_argument("--count", type=int, default=100000)
    p.add_argument("--seed", type=int, default=20261125)
    a = p.parse_args()
    write_zone(a.zone, a.origin, a.names)
    if a.queries:
        write_queries(a.queries, a.origin, a.names, a.count, a.seed)


if __name__ == "__main__":
    main()
