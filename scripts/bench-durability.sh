#!/usr/bin/env bash
# QoS 1 ingest where every message must be stored: a persistent-session subscriber (mosquitto_sub
# with clean session off) takes everything published, so twinhub writes each message before its
# PUBACK. twinhub in each durability mode, alternated with Mosquitto (which does not fsync), in
# one run. Loopback only; every server and subscriber started here is stopped here.
#   [DURATION=seconds] scripts/bench-durability.sh [rounds] [extra 'twinhub bench publish' options]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
rounds="${1:-2}"; shift || true
work="target/bench-durability/$(date +%Y%m%d-%H%M%S)"; mkdir -p "$work"
./twinhub --version > /dev/null   # builds the server when needed
./twinhub bench --help > /dev/null
duration="${DURATION:-10}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

measure() {   # name port server-pid [extra bench options]
  local name=$1 port=$2 server=$3; shift 3
  mosquitto_sub -h 127.0.0.1 -p "$port" -i durable-sub -c -q 1 -t 'bench/#' > /dev/null & local sub=$!
  sleep 1
  echo "== $name" | tee -a "$work/results.txt"
  ./twinhub bench publish --target "127.0.0.1:$port" --server-pid "$server" --qos 1 --publishers 50 \
      --duration "$duration" --quiet --out "$work/$name-$(date +%s).json" "$@" 2>&1 | tee -a "$work/results.txt"
  kill "$sub"
}

twinhub() {   # mode port
  # The launcher execs the JVM, so $! is the server's own pid.
  ./twinhub run --mqtt-port "$2" --http-port 0 --data-dir "$work/data-$1" --durability "$1" > "$work/node-$1.log" 2>&1 &
  local pid=$!; pids+=("$pid")
  for _ in $(seq 100); do grep -q listening "$work/node-$1.log" && break; sleep 0.2; done
  measure "twinhub-$1" "$2" "$pid" ${EXTRA[@]+"${EXTRA[@]}"}
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

mosquitto() {   # port
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\n' "$1" > "$work/mosquitto.conf"
  /usr/sbin/mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
  local pid=$!; pids+=("$pid"); sleep 1
  measure mosquitto "$1" "$pid" ${EXTRA[@]+"${EXTRA[@]}"}
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

EXTRA=("$@")
for round in $(seq "$rounds"); do
  twinhub sync 19101; mosquitto 19102; twinhub batch 19103; twinhub none 19104
done
echo "results: $work/results.txt"
