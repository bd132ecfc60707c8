#!/usr/bin/python3
"""Runs dnsperf against our server, NSD and Knot on loopback and reports QPS, server CPU per
query (from /proc), memory and latency. Called by run.sh, which builds the server and writes the
zone and query files first; this script starts and stops the servers itself.

Every process it starts is recorded in PIDFILE (one pid a line) so run.sh's trap can stop them
by pid if this script dies; this script stops them itself on any exit it survives.
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
SAMPLE_QUERIES = [
    ("host42.bench.test.", "A"),
    ("host9999.bench.test.", "A"),
    ("nohost1.bench.test.", "A"),
    ("host10.bench.test.", "AAAA"),
    ("host20.bench.test.", "TXT"),
    ("host25.bench.test.", "MX"),
]
# NSD with minimal-responses: yes leaves the MX target's address out of the additional section;
# ours and Knot include it. Reported, but not as a warning.
KNOWN_DIFFERENCES = {("nsd", "MX")}


def log(message):
    print(message, flush=True)


# ---------------------------------------------------------------- process bookkeeping

class Tracker:
    """Remembers every process started, by pid, in memory and in a file."""

    def __init__(self, pidfile):
        self.pidfile = pidfile
        self.procs = {}

    def add(self, name, proc):
        self.procs[name] = proc
        with open(self.pidfile, "a") as f:
            f.write(f"{proc.pid}\n")

    def stop(self, name):
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        tree = process_tree(proc.pid)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for pid in tree:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            log(f"warning: {name} (pid {proc.pid}) did not exit")

    def stop_all(self):
        for name in list(self.procs):
            self.stop(name)


def children_map():
    result = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        result.setdefault(int(fields[1]), []).append(int(entry))
    return result


def process_tree(root):
    """The root pid and all its descendants."""
    kids = children_map()
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(kids.get(pid, []))
    return tree


def cpu_ticks(root):
    """(user, system) clock ticks of the whole process tree; /proc/PID/stat sums all threads."""
    user = system = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        user += int(fields[11])
        system += int(fields[12])
    return user, system


def thread_cpu(root):
    """CPU seconds (user, system) per thread name over the process tree, busiest first."""
    by_name = {}
    for pid in process_tree(root):
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    text = f.read()
            except OSError:
                continue
            name = text[text.index("(") + 1:text.rindex(")")]
            name = re.sub(r"\d+$", "N", name)
            fields = text.rsplit(")", 1)[1].split()
            user, system = by_name.get(name, (0.0, 0.0))
            by_name[name] = (user + int(fields[11]) / CLK_TCK, system + int(fields[12]) / CLK_TCK)
    return sorted(by_name.items(), key=lambda kv: -sum(kv[1]))


def memory(root):
    """(largest VmRSS of one process, summed Pss of the tree, threads) in kB."""
    largest = pss = threads = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                status = f.read()
            rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            threads += int(re.search(r"Threads:\s+(\d+)", status).group(1))
            largest = max(largest, rss)
            with open(f"/proc/{pid}/smaps_rollup") as f:
                m = re.search(r"^Pss:\s+(\d+)", f.read(), re.M)
                pss += int(m.group(1)) if m else rss
        except (OSError, AttributeError):
            continue
    return largest, pss, threads


# ---------------------------------------------------------------- servers

class Server:
    def __init__(self, key, label, address, port, argv_fn):
        self.key, self.label, self.address, self.port = key, label, address, port
        self.argv_fn = argv_fn


def write_configs(work, zones, port_base):
    nsd_dir, knot_dir = f"{work}/nsd", f"{work}/knot"
    os.makedirs(nsd_dir, exist_ok=True)
    os.makedirs(f"{knot_dir}/db", exist_ok=True)
    nsd_port, knot_port = port_base + 2, port_base + 3
    with open(f"{nsd_dir}/nsd.conf", "w") as f:
        f.write(f"""server:
    ip-address: 127.0.0.2@{nsd_port}
    server-count: 1
    username: ""
    chroot: ""
    zonesdir: "{zones}"
    database: ""
    pidfile: "{nsd_dir}/nsd.pid"
    xfrdfile: "{nsd_dir}/xfrd.state"
    zonelistfile: "{nsd_dir}/zone.list"
    xfrdir: "{nsd_dir}"
    minimal-responses: yes
    rrl-ratelimit: 0
    verbosity: 1
remote-control:
    control-enable: no
zone:
    name: bench.test
    zonefile: "bench.test.zone"
""")
    with open(f"{knot_dir}/knot.conf", "w") as f:
        f.write(f"""server:
    rundir: "{knot_dir}"
    pidfile: "{knot_dir}/knot.pid"
    listen: 127.0.0.3@{knot_port}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
control:
    listen: "{knot_dir}/knot.sock"
database:
    storage: "{knot_dir}/db"
log:
  - target: stderr
    any: info
zone:
  - domain: bench.test
    file: "{zones}/bench.test.zone"
    journal-content: none
    zonefile-sync: -1
""")
    return nsd_dir, knot_dir


def make_servers(args):
    nsd_dir, knot_dir = write_configs(args.work, args.zones, args.port_base)
    data = f"{args.work}/ours-data"
    os.makedirs(data, exist_ok=True)
    ours_port = args.port_base + 1
    all_servers = {
        "ours": Server("ours", "ours", "127.0.0.1", ours_port, lambda: [
            args.bin, "serve", "--listen", f"127.0.0.1:{ours_port}", "--zones", args.zones,
            "--threads", str(args.threads), "--data", data]),
        "nsd": Server("nsd", "NSD", "127.0.0.2", args.port_base + 2,
                      lambda: ["nsd", "-d", "-c", f"{nsd_dir}/nsd.conf"]),
        "knot": Server("knot", "Knot", "127.0.0.3", args.port_base + 3,
                       lambda: ["knotd", "-c", f"{knot_dir}/knot.conf"]),
    }
    return [all_servers[k] for k in args.servers.split(",")]


def dig(server, qname, qtype, tcp=False):
    argv = ["dig", f"@{server.address}", "-p", str(server.port), qname, qtype, "+norec",
            "+time=2", "+tries=1"] + (["+tcp"] if tcp else [])
    out = subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout
    keep = []
    for line in out.splitlines():
        if line.startswith((";; Query time", ";; SERVER", ";; WHEN", "; <<>>", ";; global", "; (")):
            continue
        # RA is left out of the comparison: ours offers recursion to loopback clients by default,
        # NSD and Knot have none to offer; the answers are otherwise byte for byte the same.
        if line.startswith(";; flags:"):
            line = line.replace(" ra;", ";").replace(" ra ", " ")
        keep.append(re.sub(r"id: \d+", "id: X", line))
    return "\n".join(keep).strip()


def start(server, tracker, pinned, work, ready_timeout=30):
    argv = server.argv_fn()
    if pinned:
        argv = ["taskset", "-c", "0"] + argv
    logf = open(f"{work}/{server.key}{'-pinned' if pinned else ''}.log", "a")
    proc = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT, cwd=work,
                            start_new_session=True)
    tracker.add(server.key, proc)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{server.label} exited with {proc.returncode}; see {logf.name}")
        if "NOERROR" in dig(server, "host42.bench.test.", "A"):
            return proc
        with open(logf.name) as f:
            if re.search(r" fail: .*ZoneService|error: ", f.read()):
                raise RuntimeError(f"{server.label} could not load the zone; see {logf.name}")
        time.sleep(0.5)
    raise RuntimeError(f"{server.label} did not answer within {ready_timeout} s; see {logf.name}")


def check_answers(servers):
    """Same answer from every server for a few sample queries (UDP and TCP), else a warning."""
    reference = servers[0]
    ok = True
    for qname, qtype in SAMPLE_QUERIES:
        for tcp in (False, True):
            want = dig(reference, qname, qtype, tcp)
            for other in servers[1:]:
                got = dig(other, qname, qtype, tcp)
                if got != want and (other.key, qtype) in KNOWN_DIFFERENCES:
                    log(f"note: {other.label} answers {qname} {qtype} differently from "
                        f"{reference.label} (known: its minimal responses drop additional data)")
                elif got != want:
                    ok = False
                    log(f"WARNING: {other.label} and {reference.label} answer {qname} {qtype} "
                        f"({'TCP' if tcp else 'UDP'}) differently:\n--- {reference.label}\n{want}\n"
                        f"--- {other.label}\n{got}")
    if ok:
        log("answers: all servers give the same dig output for "
            f"{len(SAMPLE_QUERIES)} sample queries over UDP and TCP")
    return ok


# ---------------------------------------------------------------- dnsperf

def dnsperf(server, args, transport, pinned, tracker, duration, rate=None, verbose=False):
    argv = ["dnsperf", "-s", server.address, "-p", str(server.port), "-d", args.queries,
            "-l", str(duration), "-c", str(args.clients), "-T", str(args.client_threads),
            "-q", str(args.outstanding), "-t", "2"]
    if args.edns:
        argv.append("-e")
    if transport == "tcp":
        argv += ["-m", "tcp"]
    if rate:
        argv += ["-Q", str(rate)]
    if verbose:
        argv.append("-v")
    if pinned:
        argv = ["taskset", "-c", "1"] + argv
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tracker.add("dnsperf", proc)
    try:
        out, _ = proc.communicate(timeout=duration + 30)
    finally:
        tracker.stop("dnsperf")
    return out


def parse_dnsperf(out):
    def grab(pattern, cast=float, default=None):
        m = re.search(pattern, out)
        return cast(m.group(1)) if m else default
    return {
        "sent": grab(r"Queries sent:\s+(\d+)", int, 0),
        "completed": grab(r"Queries completed:\s+(\d+)", int, 0),
        "lost": grab(r"Queries lost:\s+(\d+)", int, 0),
        "interrupted": grab(r"Queries interrupted:\s+(\d+)", int, 0),
        "qps": grab(r"Queries per second:\s+([\d.]+)", float, 0.0),
        "avg_latency_ms": (grab(r"Average Latency \(s\):\s+([\d.]+)") or 0) * 1000,
        "reconnections": grab(r"Reconnections:\s+(\d+)", int, 0),
        "rcodes": (re.search(r"Response codes:\s+(.*)", out) or [None, ""])[1].strip(),
        "errors": [line for line in out.splitlines()
                   if re.search(r"^\[(Timeout|Error|Warning|Fatal)\]|timed out|failed", line)][:5],
    }


def measured_round(server, proc, args, transport, pinned, tracker):
    before = cpu_ticks(proc.pid)
    out = dnsperf(server, args, transport, pinned, tracker, args.duration)
    after = cpu_ticks(proc.pid)
    result = parse_dnsperf(out)
    user = (after[0] - before[0]) / CLK_TCK
    system = (after[1] - before[1]) / CLK_TCK
    n = max(result["completed"], 1)
    result.update(cpu_user_s=user, cpu_sys_s=system,
                  us_per_query=(user + system) * 1e6 / n, user_us_per_query=user * 1e6 / n)
    if result["qps"] == 0:
        log(out)
    return result


def latency(server, args, transport, pinned, tracker):
    out = dnsperf(server, args, transport, pinned, tracker, args.latency_duration,
                  rate=args.latency_rate, verbose=True)
    samples = sorted(float(m.group(1)) * 1e6
                     for m in re.finditer(r"^> \S+ \S+ \S+ ([\d.]+)$", out, re.M))
    stats = parse_dnsperf(out)
    if not samples:
        return {"p50_us": None, "p90_us": None, "p99_us": None, "samples": 0, "lost": stats["lost"]}

    def pct(p):
        return samples[min(len(samples) - 1, int(p / 100 * len(samples)))]
    return {"p50_us": pct(50), "p90_us": pct(90), "p99_us": pct(99), "samples": len(samples),
            "lost": stats["lost"], "qps": stats["qps"]}


# ---------------------------------------------------------------- one configuration

def run_configuration(pinned, servers, args, tracker):
    name = "pinned" if pinned else "unpinned"
    load_before = f"{os.getloadavg()[0]:.2f}"
    log(f"\n=== configuration: {name} (load average {load_before}) ===")
    procs = {}
    results = {s.key: {t: {"rounds": []} for t in args.transports} for s in servers}
    try:
        for s in servers:
            procs[s.key] = start(s, tracker, pinned, args.work)
            log(f"started {s.label} (pid {procs[s.key].pid}) on {s.address}:{s.port}")
        answers_ok = check_answers(servers)
        for transport in args.transports:
            for s in servers:  # warm-up: JIT tiering, caches, page faults; not measured
                dnsperf(s, args, transport, pinned, tracker, args.warmup)
            for r in range(args.rounds):
                order = servers[r % len(servers):] + servers[:r % len(servers)]
                for s in order:
                    res = measured_round(s, procs[s.key], args, transport, pinned, tracker)
                    results[s.key][transport]["rounds"].append(res)
                    log(f"{name} {transport} round {r + 1} {s.label:5}: {res['qps']:9.0f} qps, "
                        f"{res['us_per_query']:5.2f} us/q ({res['user_us_per_query']:.2f} user), "
                        f"lost {res['lost']}, reconnections {res['reconnections']}")
            for s in servers:
                lat = latency(s, args, transport, pinned, tracker)
                results[s.key][transport]["latency"] = lat
                log(f"{name} {transport} latency {s.label:5} at {args.latency_rate} qps: "
                    f"p50 {lat['p50_us']} us, p90 {lat['p90_us']} us ({lat['samples']} samples)")
        for s in servers:
            busiest = thread_cpu(procs[s.key].pid)[:6]
            log(f"{name} {s.label} CPU by thread (user/sys s, whole run): " + ", ".join(
                f"{n} {u:.1f}/{y:.1f}" for n, (u, y) in busiest))
            largest, pss, threads = memory(procs[s.key].pid)
            for transport in args.transports:
                results[s.key][transport].update(rss_kb=largest, pss_kb=pss, threads=threads)
    finally:
        for s in servers:
            tracker.stop(s.key)
    return {"name": name, "answers_ok": answers_ok, "servers": results,
            "load_before": load_before, "load_after": f"{os.getloadavg()[0]:.2f}"}


# ---------------------------------------------------------------- report

def summarize(rounds):
    qps = [r["qps"] for r in rounds]
    return {
        "qps_median": statistics.median(qps), "qps_min": min(qps), "qps_max": max(qps),
        "us": statistics.median(r["us_per_query"] for r in rounds),
        "user_us": statistics.median(r["user_us_per_query"] for r in rounds),
        "lost": sum(r["lost"] for r in rounds), "sent": sum(r["sent"] for r in rounds),
    }


def fmt(value, spec):
    return "–" if value is None else format(value, spec)


def table(config, servers, transports):
    lines = [
        "| server | transport | QPS median | QPS min–max | server µs/query | user µs/query "
        "| RSS MB | PSS MB (tree) | p50 µs | p90 µs | rate reached | lost |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    summary = {}
    for t in transports:
        for s in servers:
            data = config["servers"][s.key][t]
            sm = summarize(data["rounds"])
            summary[(s.key, t)] = sm
            lat = data.get("latency", {})
            lines.append(
                f"| {s.label} | {t.upper()} | {sm['qps_median'] / 1000:.1f}k "
                f"| {sm['qps_min'] / 1000:.1f}–{sm['qps_max'] / 1000:.1f}k "
                f"| {sm['us']:.2f} | {sm['user_us']:.2f} | {data['rss_kb'] / 1024:.0f} "
                f"| {data['pss_kb'] / 1024:.0f} | {fmt(lat.get('p50_us'), '.0f')} "
                f"| {fmt(lat.get('p90_us'), '.0f')} | {fmt((lat.get('qps') or 0) / 1000, '.1f')}k "
                f"| {sm['lost']} |")
    keys = [s.key for s in servers]
    if "ours" in keys and len(keys) > 1:
        lines += ["", "| transport | ratio | QPS | server µs/query | user µs/query | RSS |",
                  "|---|---|---:|---:|---:|---:|"]
        for t in transports:
            o = summary[("ours", t)]
            for s in servers:
                if s.key == "ours":
                    continue
                p = summary[(s.key, t)]
                rss = (config["servers"]["ours"][t]["rss_kb"]
                       / max(config["servers"][s.key][t]["rss_kb"], 1))
                lines.append(f"| {t.upper()} | ours/{s.label} | {o['qps_median'] / p['qps_median']:.2f} "
                             f"| {o['us'] / p['us']:.2f} | {o['user_us'] / max(p['user_us'], 1e-9):.2f} "
                             f"| {rss:.2f} |")
    return "\n".join(lines)


def versions():
    def first_line(argv, pattern=None):
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
            text = out.stdout + out.stderr
        except OSError:
            return "not found"
        for line in text.splitlines():
            if pattern is None or re.search(pattern, line):
                return line.strip()
        return "?"
    return {
        "nsd": first_line(["nsd", "-v"]),
        "knotd": first_line(["knotd", "-V"]),
        "dnsperf": first_line(["dnsperf", "-h"], r"^Version"),
        "dotnet": first_line(["dotnet", "--version"]),
        "kernel": os.uname().release,
        "cpu": first_line(["grep", "-m1", "model name", "/proc/cpuinfo"]).split(":", 1)[-1].strip(),
        "cores": str(os.cpu_count()),
    }


def write_report(configs, servers, args):
    v = versions()
    loads = ", ".join(f"{c['name']} {c['load_before']} → {c['load_after']}" for c in configs)
    head = [
        f"Date: {time.strftime('%Y-%m-%d %H:%M %Z')}; commit {args.commit}",
        f"Load average (1 min) before → after each configuration: {loads}",
        f"Machine: {v['cpu']}, {v['cores']} cores, Linux {v['kernel']}, .NET SDK {v['dotnet']}",
        f"Peers: {v['nsd']}; {v['knotd']}; dnsperf {v['dnsperf']}",
        f"Command: `{args.command}`",
        f"Load: dnsperf -c {args.clients} -T {args.client_threads} -q {args.outstanding}"
        f"{' -e' if args.edns else ''} -l {args.duration}, {args.rounds} rounds per server "
        f"(order rotated), after a {args.warmup} s warm-up; latency at -Q {args.latency_rate} "
        f"for {args.latency_duration} s (dnsperf -v per-query times; 'rate reached' is the QPS that run got, below the target when the server or client could not keep up). Server: one worker "
        f"(ours --threads {args.threads}, NSD server-count 1, Knot 1 UDP + 1 TCP worker).",
    ]
    md = ["\n".join(f"- {h}" for h in head)]
    for c in configs:
        title = ("Pinned: server on core 0, dnsperf on core 1" if c["name"] == "pinned"
                 else "Unpinned: server and dnsperf share both cores")
        md.append(f"### {title}\n\n{table(c, servers, args.transports)}")
        if not c["answers_ok"]:
            md.append("WARNING: the servers' answers to the sample queries differed (see the log).")
    save_report(args, md, v, configs)


def save_report(args, md, versions, configs):
    """Writes the markdown sections and the JSON record of a run, and shows the markdown."""
    text = "\n\n".join(md) + "\n"
    with open(args.out_md, "w") as f:
        f.write(text)
    with open(args.out_json, "w") as f:
        json.dump({"versions": versions, "command": args.command, "commit": args.commit,
                   "configurations": configs}, f, indent=1)
    log("\n" + text)
    log(f"written: {args.out_md}, {args.out_json}")


def write_median_table(path, title, command, label, results, ratio_key, ratio_title):
    """A markdown table of per-kind medians (QPS, µs/query, user µs/query) and the ratio of
    ratio_key to the first kind's; written to path and printed. Used by pools.py and observability.py."""
    lines = [title, "", f"Command: `{command}`", "",
             f"| {label} | QPS | server µs/query | of which user | {ratio_title} |", "|---|---|---|---|---|"]
    first = statistics.median(r[ratio_key] for r in next(iter(results.values())))
    for name, rounds in results.items():
        qps = statistics.median(r["qps"] for r in rounds)
        us = statistics.median(r["us_per_query"] for r in rounds)
        user = statistics.median(r["user_us_per_query"] for r in rounds)
        ratio = statistics.median(r[ratio_key] for r in rounds) / first
        lines.append(f"| {name} | {qps:,.0f} | {us:.2f} | {user:.2f} | {ratio:.2f} |")
    report = "\n".join(lines) + "\n"
    with open(path, "w") as f:
        f.write(report)
    print(report)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--zones", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--pidfile", required=True)
    p.add_argument("--out-md", required=True)
    p.add_argument("--out-json", required=True)
    p.add_argument("--servers", default="ours,nsd,knot")
    p.add_argument("--transports", default="udp,tcp")
    p.add_argument("--configs", default="pinned,unpinned")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--latency-rate", type=int, default=20000)
    p.add_argument("--latency-duration", type=int, default=3)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--client-threads", type=int, default=4)
    p.add_argument("--outstanding", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--edns", type=int, default=1)
    p.add_argument("--port-base", type=int, default=15300)
    p.add_argument("--commit", default="?")
    p.add_argument("--command", default=" ".join(sys.argv))
    args = p.parse_args()
    args.transports = args.transports.split(",")
    for limit, name in ((args.duration, "duration"), (args.latency_duration, "latency duration"),
                        (args.warmup, "warm-up")):
        if not 1 <= limit <= 60:
            p.error(f"{name} must be 1..60 seconds")
    if not 1 <= args.rounds <= 10:
        p.error("rounds must be 1..10")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tracker = Tracker(args.pidfile)
    servers = make_servers(args)
    configs = []
    try:
        for name in args.configs.split(","):
            configs.append(run_configuration(name == "pinned", servers, args, tracker))
            write_report(configs, servers, args)
    finally:
        tracker.stop_all()


if __name__ == "__main__":
    main()
