#!/usr/bin/env bash
# Serving benchmark: our server, NSD and Knot on the same 10,000-name zone, loaded by dnsperf over
# loopback, UDP and TCP, pinned (server on core 0, dnsperf on core 1) and unpinned.
# See benchmarks/README.md. Settings come from environment variables:
#   ROUNDS=3 DURATION=10 WARMUP=3 TRANSPORTS=udp,tcp CONFIGS=pinned,unpinned SERVERS=ours,nsd,knot
#   LATENCY_RATE=20000 LATENCY_DURATION=3 NAMES=10000 THREADS=1 EDNS=1 PORT_BASE=15300
#   SOURCE=head (build the committed HEAD, from a `git archive` copy; default) or SOURCE=tree
#   (build the working tree as it is), SKIP_BUILD=1 (reuse benchmarks/out/server),
#   OUT=benchmarks/out (results and build), KEEP_WORK=1 (keep the temp dir with configs and logs)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="${OUT:-$here/out}"
command_line="$0 $*"
for v in SOURCE ROUNDS DURATION WARMUP TRANSPORTS CONFIGS SERVERS LATENCY_RATE LATENCY_DURATION NAMES THREADS EDNS; do
    [[ -n "${!v:-}" ]] && command_line="$v=${!v} $command_line"
done

for tool in dotnet nsd knotd dnsperf dig taskset; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

source "$here/workdir.sh" serve

mkdir -p "$out"
source "$here/build.sh"

mkdir -p "$work/zones"
/usr/bin/python3 "$here/gen_zone.py" --zone "$work/zones/bench.test.zone" --queries "$work/queries.txt" \
    --names "${NAMES:-10000}"

stamp="$(date +%Y%m%d-%H%M%S)"
/usr/bin/python3 "$here/bench.py" \
    --bin "$out/server/dnsserver" --work "$work" --zones "$work/zones" --queries "$work/queries.txt" \
    --pidfile "$pidfile" --out-md "$out/results-$stamp.md" --out-json "$out/results-$stamp.json" \
    --servers "${SERVERS:-ours,nsd,knot}" --transports "${TRANSPORTS:-udp,tcp}" \
    --configs "${CONFIGS:-pinned,unpinned}" --rounds "${ROUNDS:-3}" --duration "${DURATION:-10}" \
    --warmup "${WARMUP:-3}" --latency-rate "${LATENCY_RATE:-20000}" \
    --latency-duration "${LATENCY_DURATION:-3}" --threads "${THREADS:-1}" --edns "${EDNS:-1}" \
    --port-base "${PORT_BASE:-15300}" --commit "$commit" --command "$command_line" &
driver_pid=$!
echo "$driver_pid" >>"$pidfile"
wait "$driver_pid"
status=$?
driver_pid=
cp "$out/results-$stamp.md" "$out/results-latest.md" 2>/dev/null || true
exit "$status"
