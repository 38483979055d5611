#!/usr/bin/env bash
# PUBACK latency at half of the maximum load, durability sync (the storage issue's latency target):
# first the closed-loop maximum of the durable QoS 1 workload (50 publishers, one subscriber with a
# persistent session, so every queued copy is stored before its PUBACK), then the same workload in
# open loop at half the mean of those maxima. Every run starts a fresh node; loopback only.
#   [CLOSED_ROUNDS=2] [OPEN_ROUNDS=3] [WARMUP=10] [DURATION=20] scripts/bench-half-load.sh [extra 'publish' options]
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/bench-lib.sh"
closed_rounds="${CLOSED_ROUNDS:-2}"
open_rounds="${OPEN_ROUNDS:-3}"
warmup="${WARMUP:-10}"
duration="${DURATION:-20}"
work="$(bench_work bench-half-load)"
log="$work/results.txt"
workload=(--qos 1 --publishers 50 --subscribers 1 --persistent-subscribers --quiet)

echo "start $(date -u +%FT%TZ), load $(machine_load)" | tee -a "$log"
for i in $(seq 1 "$closed_rounds"); do
  ./twinhub bench publish --start twinhub --twinhub-args '--durability sync' "${workload[@]}" \
      --duration 10 --work-dir "$work/servers" --out "$work/closed-$i.json" "$@" 2>&1 | tee -a "$log"
done
half="$(python3 - "$work" "$closed_rounds" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
rates = [json.load(open(f"{work}/closed-{i}.json"))["result"]["figures"]["ingest_rate"]["value"] for i in range(1, n + 1)]
print(int(sum(rates) / len(rates) / 2))
PY
)"
echo "half of the mean closed-loop ingest: $half msg/s" | tee -a "$log"
for i in $(seq 1 "$open_rounds"); do
  ./twinhub bench publish --start twinhub --twinhub-args '--durability sync' "${workload[@]}" \
      --rate "$half" --inflight 1024 --warmup "$warmup" --duration "$duration" \
      --work-dir "$work/servers" --out "$work/open-$i.json" "$@" 2>&1 | tee -a "$log"
done
echo "end $(date -u +%FT%TZ), load $(machine_load)" | tee -a "$log"
echo "results: $log"
