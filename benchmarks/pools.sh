#!/usr/bin/env bash
# Pooled names beside plain ones: QPS and server CPU per query of our server for a plain A record,
# a Weighted pool and a RoundRobin pool in the same 10,000-name zone (UDP, pinned).
#   ROUNDS=3 DURATION=10 benchmarks/pools.sh
# Results: benchmarks/out/pools-latest.md
driver=pools
source "$(dirname "${BASH_SOURCE[0]}")/ours-only.sh"
