#!/usr/bin/env bash
# Connect rate with authentication. Each mode runs `bench connect --start twinhub`: the bench starts
# a fresh twinhub on loopback ports (with a development CA and TLS listener when needed), registers
# the devices over the REST API, measures a first pass (new TLS handshakes, cold credential cache)
# and a reconnect pass (resumed TLS sessions, cached credentials), and stops the node.
# Modes: anonymous, anonymous over TLS, device tokens, device tokens over TLS, client certificates.
#   [DEVICES=10000] [WARMUP_DEVICES=5000] [HOLD=2] [MODES="anonymous tokens mtls ..."] \
#     scripts/bench-connect-auth.sh [extra 'connect' options]
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/bench-lib.sh"
devices="${DEVICES:-10000}"
warmup_devices="${WARMUP_DEVICES:-5000}"
hold="${HOLD:-2}"
modes="${MODES:-anonymous anonymous-tls tokens tokens-tls mtls}"
work="$(bench_work bench-connect-auth)"
log="$work/results.txt"

# Load and hypervisor steal: a shared VM's numbers mean little without them.
machine_state() {
  local cpu
  cpu="$(top -bn2 -d1 | grep '^%Cpu' | tail -n 1)"
  echo "machine: load $(machine_load), cpu: ${cpu#*:}" | tee -a "$log"
}

options_of() {
  case "$1" in
    anonymous) ;;
    anonymous-tls) echo "--tls" ;;
    tokens) echo "--auth tokens" ;;
    tokens-tls) echo "--auth tokens --tls" ;;
    mtls) echo "--auth certificates" ;;
    *) echo "unknown mode '$1' (anonymous anonymous-tls tokens tokens-tls mtls)" >&2; exit 2 ;;
  esac
}

for mode in $modes; do
  read -r -a opts <<< "$(options_of "$mode")"
  echo "== $mode" | tee -a "$log"
  machine_state
  # An invalid run (exit 1) is reported in the table, not fatal for the other modes.
  ./twinhub bench connect --start twinhub --work-dir "$work/servers-$mode" --out "$work/$mode.json" \
      --devices "$devices" --warmup-devices "$warmup_devices" --passes 2 --duration "$hold" --quiet \
      ${opts[@]+"${opts[@]}"} "$@" 2>&1 | tee -a "$log" || true
  machine_state
done

python3 - "$work" $modes <<'PY' | tee -a "$log"
import json, os, sys
work, modes = sys.argv[1], sys.argv[2:]
def fmt(v, unit=""):
    if v is None or v != v:
        return "-"
    if unit == "ms":
        return f"{v:.1f}" if v < 100 else f"{v:.0f}"
    return f"{v:,.0f}"
rows = [("mode", "devices", "pass 1 conn/s", "p50 ms", "p99 ms", "srv µs/conn",
         "pass 2 conn/s", "p50 ms", "p99 ms", "srv µs/conn", "TLS resumed", "hash checks 1/2",
         "others' cores 1/2", "valid")]
for m in modes:
    path = os.path.join(work, m + ".json")
    if not os.path.exists(path):
        rows.append((m, "no result") + ("",) * 12)
        continue
    r = json.load(open(path))["result"]
    p = r["details"].get("passes", [])
    def at(i, *keys):
        v = p[i] if i < len(p) else {}
        for k in keys:
            v = v.get(k, {}) if isinstance(v, dict) else {}
        return v if isinstance(v, (int, float)) else None
    checks = "/".join(fmt(at(i, "server_counters", "twinhub_auth_hash_checks_total") or 0) for i in range(len(p)))
    resumed = "-" if at(1, "tls_resumed") is None else f"{at(1, 'tls_resumed'):,}"
    def cores(i):
        v = at(i, "machine_cpu", "other_processes_cores")
        return "-" if v is None else f"{v:.2f}"
    others = "/".join(cores(i) for i in range(len(p)))
    rows.append((m, f"{r['config']['devices']:,}",
                 fmt(at(0, "connect_rate")), fmt(at(0, "connect_latency_ms", "p50"), "ms"),
                 fmt(at(0, "connect_latency_ms", "p99"), "ms"), fmt(at(0, "server_cpu_per_connect_us")),
                 fmt(at(1, "connect_rate")), fmt(at(1, "connect_latency_ms", "p50"), "ms"),
                 fmt(at(1, "connect_latency_ms", "p99"), "ms"), fmt(at(1, "server_cpu_per_connect_us")),
                 resumed, checks, others, "yes" if r["valid"] else "NO"))
widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
print()
for row in rows:
    print("  ".join(str(c).rjust(w) for c, w in zip(row, widths)))
PY
echo "results: $log (JSON per mode in $work)"
