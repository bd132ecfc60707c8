#!/usr/bin/env bash
# Runs the whole test suite. Installs the peer programs the tests compare against (NSD, Knot,
# BIND, Unbound, dig, kdig, dnsperf, ldns, dnspython, Knot's geoip module, the MaxMind DB writer, and
# Chromium for the web console's browser tests) when they are missing and this user may.
# The last line is "N passed, M failed" (", K skipped" when any).
set -uo pipefail
cd "$(dirname "$0")"

packages=(nsd knot knot-dnsutils knot-module-geoip dnsutils unbound bind9 bind9-utils dnsperf ldnsutils python3-dnspython libmaxmind-db-writer-perl chromium)
commands=(nsd knotd kdig dig unbound named named-checkzone dnsperf ldns-read-zone chromium)

missing=0
for c in "${commands[@]}"; do command -v "$c" >/dev/null 2>&1 || missing=1; done
/usr/bin/python3 -c 'import dns.message' >/dev/null 2>&1 || missing=1
ls /usr/lib/*/knot/modules-*/geoip.so >/dev/null 2>&1 || missing=1
perl -MMaxMind::DB::Writer::Tree -e 1 >/dev/null 2>&1 || missing=1
if [ "$missing" = 1 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing peer programs for the tests: ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # The tests run their own instances on loopback; keep the packages' services from starting
    # (and from taking port 53) while they are installed.
    policy=/usr/sbin/policy-rc.d
    added_policy=0
    if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && added_policy=1; fi
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null \
      || echo "warning: installing peer programs failed; tests that need them will report it"
    [ "$added_policy" = 1 ] && rm -f "$policy"
  else
    echo "warning: some peer programs are missing and cannot be installed here (not root, or no apt-get)"
  fi
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build DnsServer.sln -c Release -warnaserror --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
# One test project at a time (-m:1): the browser tests and the integration tests both time things
# on real sockets, and on two cores they would stretch each other's measurements.
dotnet test DnsServer.sln -c Release --no-build --nologo -m:1 \
  --logger "trx;LogFilePrefix=run" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?

read -r passed failed skipped < <(
  python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    s += int(c.get("notExecuted", 0))
print(p, f, s)
PY
)
if [ "$status" != 0 ] && [ "${failed:-0}" = 0 ]; then failed=1; fi
line="${passed:-0} passed, ${failed:-0} failed"
[ "${skipped:-0}" != 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "${failed:-0}" = 0 ]
