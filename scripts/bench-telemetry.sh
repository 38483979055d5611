#!/usr/bin/env bash
# Telemetry: twinhub (durability sync) against Mosquitto in one 'bench compare' per case —
# devices in closed loop sending strict JSON telemetry with POINTS points per payload, QoS 0 and 1,
# 1,000 and 10,000 devices, no consumers — then the query bench (a day of 1 Hz data).
# twinhub's figure is points STORED (its /metrics); Mosquitto stores nothing, its figure is
# messages brokered × POINTS. Headline: twinhub points stored/s over Mosquitto's QoS 0 msg/s
# (same device count). Loopback only; every server it starts is stopped by it.
#   [ROUNDS=n] [POINTS=n] [WARMUP=s] [DURATION=s] [DEVICES="1000 10000"] scripts/bench-telemetry.sh [extra 'fleet' options]
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/bench-lib.sh"
rounds="${ROUNDS:-3}"
points="${POINTS:-10}"
warmup="${WARMUP:-3}"
duration="${DURATION:-10}"
work="$(bench_work bench-telemetry)"

for devices in ${DEVICES:-1000 10000}; do
  for qos in 0 1; do
    name="fleet-${devices}-qos${qos}"
    # QoS 0 closed loop: devices × window messages may wait in socket buffers; keep the total near 1M.
    inflight=32; (( qos == 0 && devices < 5000 )) && inflight=1024
    echo "== $name (load $(machine_load))" | tee -a "$work/results.txt"
    ./twinhub bench compare --rounds "$rounds" --servers twinhub,mosquitto --work-dir "$work/servers" \
        --twinhub-args '--durability sync' --out "$work/$name.json" \
        fleet --devices "$devices" --points "$points" --qos "$qos" --telemetry-hz 0 --consumers 0 --inflight "$inflight" \
        --warmup "$warmup" --duration "$duration" --quiet "$@" > "$work/$name.txt" 2>&1 || true
    jq -r '.summary | to_entries[] | select(.key | test("^(points_rate|ingest_rate|stored_pct|payloads_dropped|server_cpu_per_msg)$"))
           | "  \(.key): twinhub \(.value.twinhub.median // "-") mosquitto \(.value.mosquitto.median // "-")"' \
        "$work/$name.json" | tee -a "$work/results.txt" || echo "  (no result; see $work/$name.txt)"
  done
  # Headline: twinhub points stored/s (QoS 0 and 1) over Mosquitto's QoS 0 messages brokered/s.
  jq -rn --slurpfile q0 "$work/fleet-${devices}-qos0.json" --slurpfile q1 "$work/fleet-${devices}-qos1.json" '
      ($q0[0].summary.ingest_rate.mosquitto.median) as $m
      | "  headline \('"$devices"') devices: twinhub points stored/s QoS 0 \($q0[0].summary.points_rate.twinhub.median), QoS 1 \($q1[0].summary.points_rate.twinhub.median); Mosquitto QoS 0 msg/s \($m); ratios \(($q0[0].summary.points_rate.twinhub.median / $m * 100 | round) / 100) / \(($q1[0].summary.points_rate.twinhub.median / $m * 100 | round) / 100)"' \
      2>/dev/null | tee -a "$work/results.txt" || true
done

echo "== telemetry-query (load $(machine_load))" | tee -a "$work/results.txt"
./twinhub bench telemetry-query --start twinhub --work-dir "$work/servers" --out "$work/query.json" \
    > "$work/query.txt" 2>&1 || true
grep -E '^(memory|chunks):|loaded' "$work/query.txt" | tee -a "$work/results.txt" || echo "  (no result; see $work/query.txt)"
echo "results: $work/results.txt"
