#!/usr/bin/env bash
# Runs the side-by-side figures of BENCHMARKS.md with `./twinhub bench compare`: each scenario
# against twinhub, Mosquitto and the discard reference, alternating, ROUNDS rounds, with a drain
# between runs. Results (JSON + console output) go to target/bench-results/<time>/.
#
# The script builds once (through ./twinhub), then copies the twinhub-server and twinhub-bench
# jars and libraries into the results directory and runs every suite from that snapshot: all rows
# measure the same build even while the sources keep changing.
#
#   scripts/bench-compare.sh [SUITE...]      suites: ingest, subscriber, connect, latency, fairness,
#                                            all (default)
#   ROUNDS=3 DURATION=10 scripts/bench-compare.sh ingest
#   LATENCY_RATE=200000 scripts/bench-compare.sh latency    (open loop at this rate; default: half of
#                                                            twinhub's QoS 1 ingest from the ingest suite)
# a BENCH_OUT given relative to where the script was called from, resolved before moving to the root
given_out="${BENCH_OUT:+$(readlink -m "$BENCH_OUT")}"
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/bench-lib.sh"

ROOT="$PWD"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
OUT="${given_out:-$ROOT/$(bench_work bench-results)}"
mkdir -p "$OUT"
SUITES=("${@:-all}")

# Build (if needed) and snapshot.
if ! "$ROOT/twinhub" bench --version >/dev/null; then
  echo "bench-compare: build failed (sources being edited?); using the last successful build in */target" >&2
fi
SNAP="$OUT/snapshot"
mkdir -p "$SNAP/server" "$SNAP/bench"
cp -r "$ROOT"/twinhub-server/target/twinhub-server-*.jar "$ROOT/twinhub-server/target/lib" "$SNAP/server/"
cp -r "$ROOT"/twinhub-bench/target/twinhub-bench-*.jar "$ROOT/twinhub-bench/target/lib" "$SNAP/bench/"
{ git -C "$ROOT" rev-parse HEAD; ls -l --time-style=full-iso "$ROOT"/twinhub-server/target/twinhub-server-*.jar; } \
  > "$SNAP/build.txt" 2>/dev/null || true
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java && -z "${JAVA_HOME:-}" ]]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi

run() {
  local name="$1"; shift
  echo "== $name: ./twinhub bench compare --rounds $ROUNDS --out $OUT/$name.json $*" | tee "$OUT/$name.txt"
  echo "   load average: $(machine_load)" | tee -a "$OUT/$name.txt"
  "$JAVA" -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Dtwinhub.root="$ROOT" -cp "$SNAP/bench/$(basename "$SNAP"/bench/twinhub-bench-*.jar):$SNAP/bench/lib/*" \
    io.twinhub.bench.BenchMain compare --twinhub-dir "$SNAP/server" --rounds "$ROUNDS" --out "$OUT/$name.json" "$@" \
    2>&1 | tee -a "$OUT/$name.txt"
}

wants() {
  local s
  for s in "${SUITES[@]}"; do
    [[ "$s" == "$1" || "$s" == all ]] && return 0
  done
  return 1
}

if wants ingest; then
  for qos in 0 1; do
    for pubs in 50 200; do
      run "qos${qos}-${pubs}pub" publish --qos "$qos" --publishers "$pubs" --payload 100 --duration "$DURATION" --quiet
    done
  done
fi

if wants subscriber; then
  for qos in 0 1; do
    for pubs in 50 200; do
      run "qos${qos}-${pubs}pub-1sub" publish --qos "$qos" --publishers "$pubs" --subscribers 1 --payload 100 \
        --duration "$DURATION" --quiet
    done
  done
fi

if wants connect; then
  # Memory per idle connection needs a fresh server per run (compare does that for connect).
  for n in 10000 18000; do
    run "connect-${n}" connect --devices "$n" --duration 5 --quiet
  done
fi

if wants latency; then
  rate="${LATENCY_RATE:-}"
  if [[ -z "$rate" && -f "$OUT/qos1-50pub.json" ]]; then
    rate="$(sed -n '/"summary"/,$p' "$OUT/qos1-50pub.json" | grep -A8 '"ingest_rate"' | grep -A1 '"twinhub" : {' \
      | sed -n 's/.*"median" : \([0-9.E]*\).*/\1/p' | head -n 1)"
    rate="$(awk -v r="$rate" 'BEGIN { printf "%d", r / 2 }')"
  fi
  [[ -n "$rate" ]] || { echo "latency suite: set LATENCY_RATE (messages/s) or run the ingest suite first" >&2; exit 2; }
  run "qos1-50pub-open-${rate}" publish --qos 1 --publishers 50 --rate "$rate" --inflight 1024 --duration "$DURATION" --quiet
fi

if wants fairness; then
  # One I/O thread for twinhub, as Mosquitto has: core for core, and immune to how many cores the
  # machine's other work leaves to a multi-threaded server.
  run "qos0-50pub-1thread" --servers twinhub,mosquitto --server-threads 1 \
    publish --qos 0 --publishers 50 --payload 100 --duration "$DURATION" --quiet
  run "qos1-50pub-1thread" --servers twinhub,mosquitto --server-threads 1 \
    publish --qos 1 --publishers 50 --payload 100 --duration "$DURATION" --quiet
fi

echo "results in $OUT"
