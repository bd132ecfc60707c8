#!/usr/bin/python3
"""Our server as a recursive resolver beside Unbound, on a mini-internet of three NSD instances.
Called by resolver.sh, which builds the server first; uses bench.py's helpers for processes,
/proc CPU and memory, and dnsperf.

Mini-internet (port 53, zone files and configs written here):
  127.0.10.1  NSD, the root "."      (a.root.lab. is its only server)
  127.0.10.2  NSD, the TLD lab.      (ns1.nic.lab.; glue in the root)
  127.0.10.3  NSD, the leaf perf.lab. (ns1.perf.lab.; glue in lab.), 2 x NAMES hosts with one A
              record each, TTL 86400
Resolvers: ours on 127.0.10.11:PORT, Unbound on 127.0.10.12:PORT, both from the same root hints.

Per configuration (pinned: resolvers under taskset -c 0, this driver and dnsperf on core 1;
unpinned: no taskset), both resolvers are started fresh, one after the other, and each gets:
  cold pass 1: NAMES distinct names (host0...) with CONCURRENCY queries in flight, from a fresh
               process with an empty cache (priming included);
  cold pass 2: NAMES other names (hostNAMES...), the delegations already cached;
then the cache-hit rounds: dnsperf (RD=1) over all 2 x NAMES names, now cached, WARMUP s each,
then ROUNDS rounds of DURATION s per resolver, order alternating. Upstream queries are counted at
the three NSDs (nsd-control stats_noreset) around every phase.
"""
import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

import bench

AUTH = [("root", "127.0.10.1", "."), ("tld", "127.0.10.2", "lab."), ("leaf", "127.0.10.3", "perf.lab.")]
OURS_ADDRESS, UNBOUND_ADDRESS = "127.0.10.11", "127.0.10.12"
LEAF = "perf.lab."
TTL = 86400
log = bench.log


def host_address(i):
    return f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"


# ---------------------------------------------------------------- mini-internet

def write_mini_internet(work, names):
    zones = f"{work}/zones"
    os.makedirs(zones, exist_ok=True)
    with open(f"{zones}/root.zone", "w") as f:
        f.write(f"""$ORIGIN .
$TTL {TTL}
.               SOA a.root.lab. hostmaster.root.lab. 1 3600 600 86400 300
.               NS  a.root.lab.
a.root.lab.     A   127.0.10.1
lab.            NS  ns1.nic.lab.
ns1.nic.lab.    A   127.0.10.2
""")
    with open(f"{zones}/lab.zone", "w") as f:
        f.write(f"""$ORIGIN lab.
$TTL {TTL}
@               SOA ns1.nic hostmaster.nic 1 3600 600 86400 300
@               NS  ns1.nic
ns1.nic         A   127.0.10.2
a.root          A   127.0.10.1
perf            NS  ns1.perf
ns1.perf        A   127.0.10.3
""")
    with open(f"{zones}/perf.lab.zone", "w") as f:
        f.write(f"$ORIGIN {LEAF}\n$TTL {TTL}\n@ SOA ns1 hostmaster 1 3600 600 86400 300\n"
                "@ NS ns1\nns1 A 127.0.10.3\n")
        for i in range(names):
            f.write(f"host{i} A {host_address(i)}\n")
    hints = f"{work}/root.hints"
    with open(hints, "w") as f:
        f.write(f".           {TTL} NS a.root.lab.\na.root.lab. {TTL} A  127.0.10.1\n")
    confs = {}
    for key, address, zone in AUTH:
        d = f"{work}/nsd-{key}"
        os.makedirs(d, exist_ok=True)
        zonefile = {"root": "root.zone", "tld": "lab.zone", "leaf": "perf.lab.zone"}[key]
        with open(f"{d}/nsd.conf", "w") as f:
            f.write(f"""server:
    ip-address: {address}@53
    server-count: 1
    username: ""
    chroot: ""
    database: ""
    zonesdir: "{zones}"
    pidfile: "{d}/nsd.pid"
    xfrdfile: "{d}/xfrd.state"
    xfrdir: "{d}"
    zonelistfile: "{d}/zone.list"
    verbosity: 1
    hide-version: yes
    minimal-responses: yes
    rrl-ratelimit: 0
remote-control:
    control-enable: yes
    control-interface: "{d}/nsd.sock"
zone:
    name: "{zone}"
    zonefile: "{zones}/{zonefile}"
""")
        confs[key] = f"{d}/nsd.conf"
    return hints, confs


def ask(address, port, qname, qtype="A", rd=True, timeout=0.3):
    q = dns.message.make_query(qname, qtype)
    if not rd:
        q.flags &= ~dns.flags.RD
    try:
        return dns.query.udp(q, address, port=port, timeout=timeout)
    except (dns.exception.Timeout, OSError):
        return None


def start_nsd(key, address, zone, conf, tracker, work):
    logf = open(f"{work}/nsd-{key}.log", "a")
    proc = subprocess.Popen(["nsd", "-d", "-c", conf], stdout=logf, stderr=subprocess.STDOUT,
                            cwd=work, start_new_session=True)
    tracker.add(f"nsd-{key}", proc)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"NSD {key} exited with {proc.returncode} (is port 53 on {address} "
                               f"taken, or not root?); see {logf.name}:\n" + open(logf.name).read())
        r = ask(address, 53, zone, "SOA", rd=False)
        if r is not None and r.rcode() == dns.rcode.NOERROR and r.answer:
            return proc
        time.sleep(0.2)
    raise RuntimeError(f"NSD {key} did not serve {zone} within 20 s; see {logf.name}")


def upstream_counts(confs):
    """Queries each NSD has received since it started (num.queries, any transport)."""
    counts = {}
    for key, conf in confs.items():
        out = subprocess.run(["nsd-control", "-c", conf, "stats_noreset"], capture_output=True,
                             text=True, timeout=10)
        m = re.search(r"^num\.queries=(\d+)", out.stdout, re.M)
        if out.returncode != 0 or not m:
            raise RuntimeError(f"nsd-control stats_noreset failed for {key}: {out.stdout}{out.stderr}")
        counts[key] = int(m.group(1))
    return counts


def diff_counts(after, before):
    return {k: after[k] - before[k] for k in after}


# ---------------------------------------------------------------- resolvers

def unbound_config(work, port, hints):
    d = f"{work}/unbound"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/unbound.conf", "w") as f:
        f.write(f"""server:
    interface: {UNBOUND_ADDRESS}@{port}
    port: {port}
    do-ip6: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "{d}"
    pidfile: "{d}/unbound.pid"
    logfile: ""
    use-syslog: no
    verbosity: 1
    log-servfail: yes
    num-threads: 1
    so-reuseport: no
    access-control: 127.0.0.0/8 allow
    do-not-query-localhost: no
    root-hints: "{hints}"
    module-config: "iterator"
    trust-anchor-signaling: no
    root-key-sentinel: no
    qname-minimisation: yes
    minimal-responses: yes
    msg-cache-size: 128m
    rrset-cache-size: 256m
    ratelimit: 0
    ip-ratelimit: 0
    prefetch: no
    serve-expired: no
remote-control:
    control-enable: no
""")
    return f"{d}/unbound.conf"


def make_resolvers(args, hints):
    conf = unbound_config(args.work, args.port, hints)
    os.makedirs(f"{args.work}/ours-zones", exist_ok=True)

    def ours_argv():
        data = f"{args.work}/ours-data-{time.monotonic_ns()}"
        return [args.bin, "serve", "--listen", f"{OURS_ADDRESS}:{args.port}",
                "--allow-recursion", "127.0.0.0/8", "--root-hints", hints,
                "--zones", f"{args.work}/ours-zones", "--data", data, "--threads", str(args.threads)]
    return [bench.Server("ours", "ours", OURS_ADDRESS, args.port, ours_argv),
            bench.Server("unbound", "Unbound", UNBOUND_ADDRESS, args.port,
                         lambda: ["unbound", "-d", "-c", conf])]


def start_resolver(server, tracker, pinned, work):
    """Starts it and waits until it answers a query without RD (which makes no upstream query)."""
    argv = server.argv_fn()
    if pinned:
        argv = ["taskset", "-c", "0"] + argv
    logf = open(f"{work}/{server.key}{'-pinned' if pinned else ''}.log", "a")
    proc = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT, cwd=work,
                            start_new_session=True)
    tracker.add(server.key, proc)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{server.label} exited with {proc.returncode}; see {logf.name}:\n"
                               + open(logf.name).read()[-3000:])
        if ask(server.address, server.port, "perf.lab.", "SOA", rd=False) is not None:
            return proc
        time.sleep(0.2)
    raise RuntimeError(f"{server.label} did not answer within 30 s; see {logf.name}")


# ---------------------------------------------------------------- cold resolution

async def resolve_all(address, port, indices, concurrency, timeout):
    sem = asyncio.Semaphore(concurrency)
    results = []

    async def one(i):
        async with sem:
            q = dns.message.make_query(f"host{i}.{LEAF}", "A")  # RD set
            t0 = time.monotonic()
            try:
                r = await dns.asyncquery.udp(q, address, port=port, timeout=timeout)
            except dns.exception.Timeout:
                results.append(("TIMEOUT", timeout, False))
                return
            got = sorted(rd.address for rrset in r.answer for rd in rrset
                         if rrset.rdtype == dns.rdatatype.A)
            results.append((dns.rcode.to_text(r.rcode()), time.monotonic() - t0,
                            got == [host_address(i)]))

    await asyncio.gather(*(one(i) for i in indices))
    return results


def cold_pass(server, proc, confs, indices, args, label, pinned, tracker):
    """dnsperf -n 1 over the names (RD=1, CONCURRENCY outstanding, one socket): wall time and
    per-query times; upstream queries and resolver CPU around it. Then every answer is checked
    with dnspython (cache hits by then, outside the counts)."""
    path = f"{args.work}/cold-{server.key}-{indices[0]}.txt"
    with open(path, "w") as f:
        f.write("".join(f"host{i}.{LEAF} A\n" for i in indices))
    argv = ["dnsperf", "-s", server.address, "-p", str(server.port), "-d", path, "-n", "1",
            "-l", "60", "-c", "1", "-T", "1", "-q", str(args.concurrency), "-t",
            str(int(args.cold_timeout)), "-e", "-v"]
    if pinned:
        argv = ["taskset", "-c", "1"] + argv
    before_n = upstream_counts(confs)
    before_cpu = bench.cpu_ticks(proc.pid)
    t0 = time.monotonic()
    perf = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tracker.add("dnsperf", perf)
    try:
        out, _ = perf.communicate(timeout=90)
    finally:
        tracker.stop("dnsperf")
    wall = time.monotonic() - t0
    after_cpu = bench.cpu_ticks(proc.pid)
    up = diff_counts(upstream_counts(confs), before_n)
    stats = bench.parse_dnsperf(out)
    latencies = sorted(float(m.group(1)) for m in re.finditer(r"^> \S+ \S+ \S+ ([\d.]+)$", out, re.M))
    runtime = re.search(r"Run time \(s\):\s+([\d.]+)", out)
    checks = asyncio.run(resolve_all(server.address, server.port, indices, args.concurrency, 2.0))
    rcodes = {}
    for rc in re.findall(r"^> (\S+) ", out, re.M):
        rcodes[rc] = rcodes.get(rc, 0) + 1
    n = len(indices)
    if stats["lost"]:
        rcodes["lost"] = stats["lost"]
    res = {
        "pass": label, "names": n, "wall_s": float(runtime.group(1)) if runtime else wall,
        "upstream": up, "upstream_total": sum(up.values()), "per_name": sum(up.values()) / n,
        "rcodes": rcodes, "wrong_answers": sum(1 for c in checks if not c[2]),
        "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else None,
        "p90_ms": latencies[int(len(latencies) * 0.9)] * 1000 if latencies else None,
        "max_ms": latencies[-1] * 1000 if latencies else None,
        "cpu_s": (after_cpu[0] + after_cpu[1] - before_cpu[0] - before_cpu[1]) / bench.CLK_TCK,
        "cpu_user_s": (after_cpu[0] - before_cpu[0]) / bench.CLK_TCK,
        "errors": stats["errors"],
    }
    if not latencies:
        log(out)
    log(f"cold {label} {server.label:7}: {n} names in {res['wall_s']:.3f} s, upstream "
        f"{res['upstream_total']} ({res['per_name']:.3f}/name; root {up['root']}, TLD {up['tld']}, "
        f"leaf {up['leaf']}), p50 {fmt_ms(res['p50_ms'])} ms, p90 {fmt_ms(res['p90_ms'])} ms, max "
        f"{fmt_ms(res['max_ms'])} ms, rcodes {rcodes}, wrong or missing afterwards "
        f"{res['wrong_answers']}, resolver CPU {res['cpu_s']:.2f} s ({res['cpu_user_s']:.2f} user)")
    return res


def fmt_ms(value):
    return "–" if value is None else f"{value:.2f}"


# ---------------------------------------------------------------- answers

def dig_answer(server, qname):
    argv = ["dig", f"@{server.address}", "-p", str(server.port), qname, "A", "+time=2", "+tries=1",
            "+nocookie"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout
    size = re.search(r"MSG SIZE\s+rcvd: (\d+)", out)
    keep = []
    for line in out.splitlines():
        if line.startswith((";; Query time", ";; SERVER", ";; WHEN", "; <<>>", ";; global", "; (",
                            ";; MSG SIZE")):
            continue
        line = re.sub(r"id: \d+", "id: X", line)
        line = re.sub(r"^(\S+\s+)\d+(\s+IN\s)", r"\1TTL\2", line)  # TTLs differ by design
        keep.append(line)
    return "\n".join(keep).strip(), int(size.group(1)) if size else None


def check_answers(resolvers, names):
    ok, sizes, diffs = True, {}, []
    for i in (0, names - 1, names, 2 * names - 1):
        qname = f"host{i}.{LEAF}"
        answers = {s.key: dig_answer(s, qname) for s in resolvers}
        for s in resolvers:
            sizes[s.key] = answers[s.key][1]
        ref = resolvers[0]
        for s in resolvers[1:]:
            if answers[s.key][0] != answers[ref.key][0]:
                ok = False
                diffs.append(f"--- {ref.label} {qname}\n{answers[ref.key][0]}\n"
                             f"--- {s.label}\n{answers[s.key][0]}")
    if ok:
        log(f"answers: dig output (TTLs masked) is the same from both resolvers for 4 cached "
            f"names; response sizes {sizes}")
    else:
        log("WARNING: the resolvers answer differently:\n" + "\n".join(diffs))
    return {"same": ok, "sizes": sizes, "diffs": diffs,
            "sample": dig_answer(resolvers[0], f"host0.{LEAF}")[0]}


# ---------------------------------------------------------------- one configuration

def run_configuration(pinned, resolvers, confs, args, tracker):
    name = "pinned" if pinned else "unpinned"
    load = [os.getloadavg()[0]]
    log(f"\n=== configuration: {name} (load average {load[0]:.2f}) ===")
    if pinned:
        os.sched_setaffinity(0, {1})  # the cold-pass client (this process) on dnsperf's core
    procs, cold = {}, {s.key: [] for s in resolvers}
    rounds = {s.key: [] for s in resolvers}
    order = resolvers if pinned else resolvers[::-1]
    try:
        for s in order:
            before = upstream_counts(confs)
            procs[s.key] = start_resolver(s, tracker, pinned, args.work)
            log(f"started {s.label} (pid {procs[s.key].pid}) on {s.address}:{s.port}; upstream "
                f"queries while starting: {sum(diff_counts(upstream_counts(confs), before).values())}")
            cold[s.key].append(cold_pass(s, procs[s.key], confs, range(args.names), args,
                                         "1 (empty cache)", pinned, tracker))
            cold[s.key].append(cold_pass(s, procs[s.key], confs,
                                         range(args.names, 2 * args.names), args,
                                         "2 (delegations cached)", pinned, tracker))
        load.append(os.getloadavg()[0])
        answers = check_answers(resolvers, args.names)
        before = upstream_counts(confs)
        for s in resolvers:
            bench.dnsperf(s, args, "udp", pinned, tracker, args.warmup)
        for r in range(args.rounds):
            for s in (resolvers if r % 2 == 0 else resolvers[::-1]):
                res = bench.measured_round(s, procs[s.key], args, "udp", pinned, tracker)
                rounds[s.key].append(res)
                log(f"{name} cache hits round {r + 1} {s.label:7}: {res['qps']:9.0f} qps, "
                    f"{res['us_per_query']:5.2f} us/q ({res['user_us_per_query']:.2f} user), "
                    f"lost {res['lost']}, rcodes {res['rcodes']}")
        upstream_during_hits = sum(diff_counts(upstream_counts(confs), before).values())
        log(f"upstream queries during the cache-hit runs (warm-up included): {upstream_during_hits}")
        memory, threads = {}, {}
        for s in resolvers:
            memory[s.key] = bench.memory(procs[s.key].pid)
            threads[s.key] = bench.thread_cpu(procs[s.key].pid)[:6]
            log(f"{name} {s.label} RSS {memory[s.key][0] / 1024:.0f} MB, CPU by thread (user/sys s, "
                "whole run): " + ", ".join(f"{n} {u:.1f}/{y:.1f}" for n, (u, y) in threads[s.key]))
        load.append(os.getloadavg()[0])
    finally:
        for s in resolvers:
            tracker.stop(s.key)
        os.sched_setaffinity(0, set(range(os.cpu_count())))
    return {"name": name, "cold": cold, "rounds": rounds, "answers": answers, "memory": memory,
            "threads": threads, "upstream_during_hits": upstream_during_hits,
            "load": [f"{x:.2f}" for x in load]}


# ---------------------------------------------------------------- report

def versions():
    v = bench.versions()
    out = subprocess.run(["unbound", "-V"], capture_output=True, text=True, timeout=10)
    v["unbound"] = (out.stdout + out.stderr).splitlines()[0].strip()
    return v


def report(configs, resolvers, args):
    v = versions()
    loads = "; ".join(f"{c['name']} {' → '.join(c['load'])}" for c in configs)
    head = [
        f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}; commit {args.commit}",
        f"Load average (1 min) at the start, after the cold passes and at the end of each "
        f"configuration: {loads}",
        f"Machine: {v['cpu']}, {v['cores']} cores, Linux {v['kernel']}, .NET SDK {v['dotnet']}",
        f"Peers: Unbound {v['unbound']}; {v['nsd']} (three instances: root, TLD, leaf); "
        f"dnsperf {v['dnsperf']}",
        f"Command: `{args.command}`",
        f"Resolvers: ours `--threads {args.threads}` (defaults otherwise: QNAME minimisation, "
        f"64 MiB cache, prefetch); Unbound num-threads 1, iterator only, qname-minimisation, "
        f"minimal-responses, msg/rrset cache 128m/256m, no rate limits, prefetch off",
        f"Cold passes: {args.names} names each, `dnsperf -n 1 -c 1 -q {args.concurrency} "
        f"-t {args.cold_timeout:.0f} -e -v` (UDP, no retry; p50/p90/max from its per-query times), "
        f"each answer checked afterwards with dnspython; upstream queries counted at the three "
        f"NSDs (nsd-control stats_noreset); resolver CPU from /proc around the pass",
        f"Cache hits: dnsperf -c {args.clients} -T {args.client_threads} -q {args.outstanding} -e "
        f"-l {args.duration} (RD=1) over the {2 * args.names} cached names, {args.rounds} rounds per "
        f"resolver (order alternating) after a {args.warmup} s warm-up each",
    ]
    md = ["\n".join(f"- {h}" for h in head)]
    for c in configs:
        title = ("Pinned: resolver on core 0, dnsperf and the cold-pass client on core 1"
                 if c["name"] == "pinned" else "Unpinned: everything shares both cores")
        lines = [f"### {title}", "",
                 "| resolver | cold pass | wall s | names/s | upstream/name | root / TLD / leaf "
                 "| p50 ms | p90 ms | max ms | resolver CPU µs/name (user) | rcodes |",
                 "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for s in resolvers:
            for p in c["cold"][s.key]:
                up = p["upstream"]
                rc = ", ".join(f"{k} {n}" for k, n in sorted(p["rcodes"].items()))
                if p["wrong_answers"]:
                    rc += f", {p['wrong_answers']} wrong"
                lines.append(
                    f"| {s.label} | {p['pass']} | {p['wall_s']:.2f} | {p['names'] / p['wall_s']:.0f} "
                    f"| {p['per_name']:.3f} | {up['root']} / {up['tld']} / {up['leaf']} "
                    f"| {fmt_ms(p['p50_ms'])} | {fmt_ms(p['p90_ms'])} | {fmt_ms(p['max_ms'])} "
                    f"| {p['cpu_s'] * 1e6 / p['names']:.0f} ({p['cpu_user_s'] * 1e6 / p['names']:.0f}) | {rc} |")
        lines += ["", "| resolver | QPS median | QPS min–max | server µs/query | user µs/query "
                  "| RSS MB | lost | rcodes (last round) |", "|---|---:|---:|---:|---:|---:|---:|---|"]
        summary = {}
        for s in resolvers:
            sm = bench.summarize(c["rounds"][s.key])
            summary[s.key] = sm
            lines.append(
                f"| {s.label} | {sm['qps_median'] / 1000:.1f}k | {sm['qps_min'] / 1000:.1f}–"
                f"{sm['qps_max'] / 1000:.1f}k | {sm['us']:.2f} | {sm['user_us']:.2f} "
                f"| {c['memory'][s.key][0] / 1024:.0f} | {sm['lost']} "
                f"| {c['rounds'][s.key][-1]['rcodes']} |")
        o, u = summary["ours"], summary["unbound"]
        lines += ["", f"ours/Unbound: QPS {o['qps_median'] / u['qps_median']:.2f}, server µs/query "
                  f"{o['us'] / u['us']:.2f}, user µs/query {o['user_us'] / max(u['user_us'], 1e-9):.2f}"
                  f"; upstream queries during the cache-hit runs: {c['upstream_during_hits']}; "
                  f"per-round µs/query ours "
                  + ", ".join(f"{r['us_per_query']:.2f}" for r in c["rounds"]["ours"])
                  + ", Unbound " + ", ".join(f"{r['us_per_query']:.2f}" for r in c["rounds"]["unbound"])]
        a = c["answers"]
        lines.append("" if a["same"] else "\nWARNING: the resolvers' answers differ:\n```\n"
                     + "\n".join(a["diffs"]) + "\n```")
        lines.append(f"Response size for an A query with EDNS: {a['sizes']}")
        md.append("\n".join(lines))
    bench.save_report(args, md, v, configs)


def main():
    p = argparse.ArgumentParser()
    for name in ("bin", "work", "pidfile", "out-md", "out-json"):
        p.add_argument(f"--{name}", required=True)
    p.add_argument("--configs", default="pinned,unpinned")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--names", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=20)
    p.add_argument("--cold-timeout", type=float, default=5.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--port", type=int, default=5300)
    p.add_argument("--commit", default="?")
    p.add_argument("--command", default=" ".join(sys.argv))
    args = p.parse_args()
    if not (1 <= args.duration <= 60 and 1 <= args.warmup <= 60 and 1 <= args.rounds <= 10):
        p.error("duration and warm-up 1..60 s, rounds 1..10")
    if not (10 <= args.names <= 100000 and 1 <= args.concurrency <= 200):
        p.error("names 10..100000, concurrency 1..200")
    # bench.dnsperf reads its load shape from these (the serving benchmark's)
    args.clients, args.client_threads, args.outstanding, args.edns = 16, 4, 100, 1

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tracker = bench.Tracker(args.pidfile)
    hints, confs = write_mini_internet(args.work, 2 * args.names)
    names = [f"host{i}.{LEAF} A" for i in range(2 * args.names)]
    random.Random(6).shuffle(names)
    args.queries = f"{args.work}/cached.txt"
    with open(args.queries, "w") as f:
        f.write("\n".join(names) + "\n")
    resolvers = make_resolvers(args, hints)
    configs = []
    try:
        for key, address, zone in AUTH:
            start_nsd(key, address, zone, confs[key], tracker, args.work)
        log(f"mini-internet up: NSD for {', '.join(z for _, _, z in AUTH)} on "
            f"{', '.join(a for _, a, _ in AUTH)} port 53, {2 * args.names} hosts in {LEAF}")
        for name in args.configs.split(","):
            configs.append(run_configuration(name == "pinned", resolvers, confs, args, tracker))
            report(configs, resolvers, args)
    finally:
        tracker.stop_all()


if __name__ == "__main__":
    main()
