# Sourced by the bench scripts (not run on its own): strict mode, the repository root as the
# working directory, and the two things every script does with results and the machine.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

# bench_work NAME: makes target/NAME/<local time> for this run's results and prints its path.
bench_work() {
  local dir
  dir="target/$1/$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$dir"
  echo "$dir"
}

# machine_load: the 1-, 5- and 15-minute load averages; a shared machine's figures mean little without them.
machine_load() {
  cut -d' ' -f1-3 /proc/loadavg
}
