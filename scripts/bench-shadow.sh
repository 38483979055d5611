#!/usr/bin/env bash
# Device shadows on a started twinhub: 1,000 devices (closed loop, 10 updates in flight each)
# with durability sync, sync with versions, and none, alternating for some rounds, each run on a
# fresh server. Records the load average and the hypervisor steal (/proc/stat) of every run.
# Loopback only; every server it starts is stopped by it.
#   [DEVICES=n] [WARMUP=s] [DURATION=s] scripts/bench-shadow.sh [rounds] [extra 'shadow' options]
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/bench-lib.sh"
rounds="${1:-3}"; shift || true
devices="${DEVICES:-1000}"
warmup="${WARMUP:-8}"
duration="${DURATION:-15}"
work="$(bench_work bench-shadow)"

# CPU jiffies: total and steal, from the first line of /proc/stat.
cpu() { awk '/^cpu /{t=0; for (i=2; i<=NF; i++) t+=$i; print t, $9}' /proc/stat; }

run() {
  local name="$1"; shift
  read -r t0 s0 < <(cpu)
  ./twinhub bench shadow --start twinhub --work-dir "$work/servers" --devices "$devices" --warmup "$warmup" \
      --duration "$duration" --quiet --out "$work/$name.json" "$@" > "$work/$name.txt" 2>&1 || true
  read -r t1 s1 < <(cpu)
  local steal; steal=$(awk -v a="$((s1 - s0))" -v b="$((t1 - t0))" 'BEGIN{printf "%.1f", b ? 100*a/b : 0}')
  printf '%-22s %s  steal %s%%  load %s\n' "$name" \
      "$(grep -E 'reported updates accepted|accepted latency p99 |conflicts \(409\)' "$work/$name.txt" | tr -s ' ' | tr '\n' ';')" \
      "$steal" "$(machine_load)" | tee -a "$work/results.txt"
}

for r in $(seq 1 "$rounds"); do
  run "sync-$r" "$@"
  run "sync-versions-$r" --with-versions "$@"
  run "none-$r" --twinhub-args '--durability none' "$@"
done
echo "results: $work/results.txt"
