#!/usr/bin/env bash
# Sourced by run.sh, million.sh, resolver.sh, pools.sh and observability.sh, with $1 naming the run: makes the temporary
# work folder $work and the file $pidfile where the python driver records every process it
# starts, and on exit (or INT/TERM) stops each of those by pid, then the driver ($driver_pid),
# and removes the folder (KEEP_WORK=1 keeps it).
work="$(mktemp -d "/tmp/dns-bench-$1.XXXXXX")"
pidfile="$work/pids"
: >"$pidfile"

cleanup() {
    local status=$?
    while read -r pid; do
        [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
    done <"$pidfile"
    sleep 1
    while read -r pid; do
        [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
    done <"$pidfile"
    if [[ -n "${driver_pid:-}" ]]; then kill -TERM "$driver_pid" 2>/dev/null || true; fi
    [[ "${KEEP_WORK:-0}" == 1 ]] || rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
