#!/usr/bin/env bash
# Sourced by pools.sh and observability.sh, with $driver naming the python driver (pools,
# observability): builds the server, writes the 10,000-name zone and its query file, runs
# $driver.py against our server alone and keeps its report as out/$driver-latest.md.
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

source "$here/workdir.sh" "$driver"
mkdir -p "$out"
source "$here/build.sh"

mkdir -p "$work/zones"
/usr/bin/python3 "$here/gen_zone.py" --zone "$work/zones/bench.test.zone" --queries "$work/queries.txt"

stamp="$(date +%Y%m%d-%H%M%S)"
/usr/bin/python3 "$here/$driver.py" --bin "$out/server/dnsserver" --work "$work" --zones "$work/zones" \
    --queries "$work/queries.txt" --pidfile "$pidfile" --out-md "$out/$driver-$stamp.md" \
    --rounds "${ROUNDS:-3}" --duration "${DURATION:-10}" --command "$command_line" &
driver_pid=$!
echo "$driver_pid" >>"$pidfile"
wait "$driver_pid"
status=$?
driver_pid=
cp "$out/$driver-$stamp.md" "$out/$driver-latest.md" 2>/dev/null || true
exit "$status"
