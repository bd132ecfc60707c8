#!/usr/bin/env bash
# Resolver benchmark: our server as a recursive resolver beside Unbound, on a mini-internet of
# three NSD instances (fake root, TLD lab., leaf perf.lab.) on 127.0.10.1-3, port 53.
# Cold resolution of distinct names (time, upstream queries per name counted at the NSDs), then
# cache hits under dnsperf (RD=1), pinned (resolver on core 0, dnsperf on core 1) and unpinned.
# See benchmarks/README.md. Settings come from environment variables:
#   ROUNDS=3 DURATION=10 WARMUP=3 CONFIGS=pinned,unpinned NAMES=1000 CONCURRENCY=20 THREADS=1
#   PORT=5300 (the resolvers listen on 127.0.10.11 and 127.0.10.12, this port)
#   SOURCE=head|tree, SKIP_BUILD=1, OUT=benchmarks/out, KEEP_WORK=1 as for run.sh.
# Needs root (NSD binds port 53 on 127.0.10.x), nsd, nsd-control, unbound, dnsperf, dig, taskset,
# the .NET 10 SDK and /usr/bin/python3 with dnspython.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="${OUT:-$here/out}"
command_line="$0 $*"
for v in SOURCE ROUNDS DURATION WARMUP CONFIGS NAMES CONCURRENCY THREADS PORT; do
    [[ -n "${!v:-}" ]] && command_line="$v=${!v} $command_line"
done

for tool in dotnet nsd nsd-control unbound dnsperf dig taskset; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
/usr/bin/python3 -c 'import dns.message' 2>/dev/null || { echo "missing: python3-dnspython" >&2; exit 2; }

source "$here/workdir.sh" resolver

mkdir -p "$out"
source "$here/build.sh"

stamp="$(date +%Y%m%d-%H%M%S)"
/usr/bin/python3 "$here/resolver.py" --bin "$out/server/dnsserver" --work "$work" \
    --pidfile "$pidfile" --out-md "$out/resolver-$stamp.md" --out-json "$out/resolver-$stamp.json" \
    --configs "${CONFIGS:-pinned,unpinned}" --rounds "${ROUNDS:-3}" --duration "${DURATION:-10}" \
    --warmup "${WARMUP:-3}" --names "${NAMES:-1000}" --concurrency "${CONCURRENCY:-20}" \
    --threads "${THREADS:-1}" --port "${PORT:-5300}" --commit "$commit" --command "$command_line" &
# In the background and waited for, so a signal to this script runs the trap at once.
driver_pid=$!
echo "$driver_pid" >>"$pidfile"
status=0
wait "$driver_pid" || status=$?
driver_pid=
cp "$out/resolver-$stamp.md" "$out/resolver-latest.md" 2>/dev/null || true
exit "$status"
