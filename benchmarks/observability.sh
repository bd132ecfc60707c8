#!/usr/bin/env bash
# What watching costs: QPS and server CPU per query of our server with the query log off, with it
# on, and with /metrics scraped every second (UDP, pinned, 10,000-name zone).
#   ROUNDS=3 DURATION=10 benchmarks/observability.sh
# Results: benchmarks/out/observability-latest.md
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

source "$here/workdir.sh" observability
mkdir -p "$out"
source "$here/build.sh"

mkdir -p "$work/zones"
/usr/bin/python3 "$here/gen_zone.py" --zone "$work/zones/bench.test.zone" --queries "$work/queries.txt"

stamp="$(date +%Y%m%d-%H%M%S)"
/usr/bin/python3 "$here/observability.py" --bin "$out/server/dnsserver" --work "$work" --zones "$work/zones" \
    --queries "$work/queries.txt" --pidfile "$pidfile" --out-md "$out/observability-$stamp.md" --rounds "${ROUNDS:-3}" \
    --duration "${DURATION:-10}" --command "$command_line" &
driver_pid=$!
echo "$driver_pid" >>"$pidfile"
wait "$driver_pid"
status=$?
driver_pid=
cp "$out/observability-$stamp.md" "$out/observability-latest.md" 2>/dev/null || true
exit "$status"
