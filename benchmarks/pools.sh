#!/usr/bin/env bash
# Pooled names beside plain ones: QPS and server CPU per query of our server for a plain A record,
# a Weighted pool and a RoundRobin pool in the same 10,000-name zone (UDP, pinned).
#   ROUNDS=3 DURATION=10 benchmarks/pools.sh
# Results: benchmarks/out/pools-latest.md
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="${OUT:-$here/out}"
command_line="$0 $*"
for v in ROUNDS DURATION; do
    [[ -n "${!v:-}" ]] && command_line="$v=${!v} $command_line"
done
for tool in dotnet dnsperf dig taskset; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

source "$here/workdir.sh" pools
mkdir -p "$out"
source "$here/build.sh"

mkdir -p "$work/zones"
/usr/bin/python3 "$here/gen_zone.py" --zone "$work/zones/bench.test.zone"

stamp="$(date +%Y%m%d-%H%M%S)"
/usr/bin/python3 "$here/pools.py" --bin "$out/server/dnsserver" --work "$work" --zones "$work/zones" \
    --pidfile "$pidfile" --out-md "$out/pools-$stamp.md" --rounds "${ROUNDS:-3}" \
    --duration "${DURATION:-10}" --command "$command_line" &
driver_pid=$!
echo "$driver_pid" >>"$pidfile"
wait "$driver_pid"
status=$?
driver_pid=
cp "$out/pools-$stamp.md" "$out/pools-latest.md" 2>/dev/null || true
exit "$status"
