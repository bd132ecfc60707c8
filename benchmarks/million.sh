#!/usr/bin/env bash
# Our server with a 1,000,000-record zone beside the 10,000-name zone: load time, memory, and
# server CPU per query under dnsperf, pinned. Settings: ROUNDS=3 DURATION=10 WARMUP=3
# TRANSPORTS=udp NAMES=840000 (about 1.19 records per name: 1M records), SOURCE, SKIP_BUILD, OUT,
# KEEP_WORK as for run.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="${OUT:-$here/out}"
command_line="$0 $*"
for v in SOURCE ROUNDS DURATION WARMUP TRANSPORTS NAMES; do
    [[ -n "${!v:-}" ]] && command_line="$v=${!v} $command_line"
done
for tool in dotnet dnsperf dig taskset; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

source "$here/workdir.sh" 1m

mkdir -p "$out"
source "$here/build.sh"

mkdir -p "$work/small" "$work/big"
/usr/bin/python3 "$here/gen_zone.py" --zone "$work/small/bench.test.zone" --queries "$work/small.txt"
/usr/bin/python3 "$here/gen_zone.py" --zone "$work/big/bench.test.zone" --queries "$work/big.txt" \
    --names "${NAMES:-840000}"
echo "1M zone: $(grep -vc '^\$' "$work/big/bench.test.zone") records, $(du -m "$work/big/bench.test.zone" | cut -f1) MB"

stamp="$(date +%Y%m%d-%H%M%S)"
/usr/bin/python3 "$here/million.py" --bin "$out/server/dnsserver" --work "$work" \
    --small-zones "$work/small" --big-zones "$work/big" --small-queries "$work/small.txt" \
    --big-queries "$work/big.txt" --pidfile "$pidfile" --out-md "$out/million-$stamp.md" \
    --rounds "${ROUNDS:-3}" --duration "${DURATION:-10}" --warmup "${WARMUP:-3}" \
    --transports "${TRANSPORTS:-udp}" --commit "$commit" --command "$command_line" &
# In the background and waited for, so a signal to this script runs the trap at once.
driver_pid=$!
echo "$driver_pid" >>"$pidfile"
wait "$driver_pid"
driver_pid=
