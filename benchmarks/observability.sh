#!/usr/bin/env bash
# What watching costs: QPS and server CPU per query of our server with the query log off, with it
# on, and with /metrics scraped every second (UDP, pinned, 10,000-name zone).
#   ROUNDS=3 DURATION=10 benchmarks/observability.sh
# Results: benchmarks/out/observability-latest.md
driver=observability
source "$(dirname "${BASH_SOURCE[0]}")/ours-only.sh"
