#!/usr/bin/env bash
# QoS 1 ingest where every message must be stored: a subscriber with a persistent session takes
# everything published, so twinhub writes each message it queues for it before the PUBACK.
# For each durability mode, `bench compare` alternates twinhub (in that mode) with Mosquitto
# (which does not fsync) in one run. Loopback only; every server it starts is stopped by it.
#   [DURATION=seconds] scripts/bench-durability.sh [rounds] [extra 'publish' options]
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/bench-lib.sh"
rounds="${1:-2}"; shift || true
duration="${DURATION:-10}"
work="$(bench_work bench-durability)"
for mode in sync batch none; do
  echo "== durability $mode" | tee -a "$work/results.txt"
  ./twinhub bench compare --rounds "$rounds" --servers twinhub,mosquitto --twinhub-args "--durability $mode" \
      --work-dir "$work/servers-$mode" --out "$work/compare-$mode.json" \
      publish --qos 1 --publishers 50 --subscribers 1 --persistent-subscribers --duration "$duration" --quiet "$@" \
      2>&1 | tee -a "$work/results.txt"
done
echo "results: $work/results.txt"
