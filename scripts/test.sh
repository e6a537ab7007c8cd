#!/usr/bin/env bash
# Runs every test: formatting, vet and staticcheck, the unit, store, handler and journey
# tests on SQLite and again on PostgreSQL, and a short run of each fuzz target. CI runs
# exactly this (see .ci/run).
#
# Everything is compiled once: go vet, then the binary and every package's test binary
# (go test -c), which both the SQLite and the PostgreSQL passes run. The test binaries,
# staticcheck and the fuzz targets then run side by side, a few at a time, so that both
# cores stay busy while tests wait on browsers, databases and timers; the browser suite
# starts first as it takes longest. Each phase prints its time; a summary ends the run.
#   FUZZTIME   how long each fuzz target runs (default 3s; FUZZTIME=5m to fuzz in earnest)
#   TEST_JOBS  how many test binaries run at once (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-3s}"
TEST_JOBS="${TEST_JOBS:-3}"
STATICCHECK=honnef.co/go/tools/cmd/staticcheck@v0.8.2 # supports Go 1.26

# --- timing: each phase's wall-clock time and the CPU time the machine spent -----------
# The machine's, not this shell's children's: Chromium and the PostgreSQL server are not
# children that the shell waits for, and they use much of it.
clk_tck=$(getconf CLK_TCK)
cpu_now() { # CPU seconds (×100) the machine has spent busy since boot
  local cpu user nice system idle iowait irq softirq steal
  read -r cpu user nice system idle iowait irq softirq steal _ < /proc/stat
  echo $(( (user + nice + system + irq + softirq + steal) * 100 / clk_tck ))
}
summary=()
phase_name="" phase_start=0 phase_cpu=0 run_start=$(date +%s%N)
phase() { # phase NAME: ends the current phase, printing its time, and starts NAME
  local now cpu
  now=$(date +%s%N) cpu=$(cpu_now)
  if [ -n "$phase_name" ]; then
    local line
    line=$(printf '%7.1f s wall %7.1f s CPU  %s' "$(( (now - phase_start) / 1000000 ))e-3" "$(( cpu - phase_cpu ))e-2" "$phase_name")
    echo "   ($line)"
    summary+=("$line")
  fi
  phase_name=$1 phase_start=$now phase_cpu=$cpu
  if [ -n "$1" ]; then echo "== $1"; fi
}

work=$(mktemp -d /tmp/ld-test.XXXXXX)
source scripts/pg.sh
cleanup() { pg_stop; rm -rf "$work"; }
trap cleanup EXIT

phase "assets"
./scripts/assets.sh

phase "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

phase "chromium and PostgreSQL"
if [ -z "${CHROME_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
export LD_SCREENSHOTS="${LD_SCREENSHOTS:-$PWD/screenshots}"
mkdir -p "$LD_SCREENSHOTS"
echo "screenshots go to $LD_SCREENSHOTS"
# One cluster for the whole run: each test process copies its databases from a migrated
# template in it and reuses them from test to test (internal/testdb).
pg_start
pg_url=$LD_TEST_POSTGRES_URL
unset LD_TEST_POSTGRES_URL

phase "build: go vet, the binary, the test binaries"
go vet ./...
go build -o "$work/bin/localdigital" ./cmd/localdigital
# Tests that run the binary (internal/testbin) use this one rather than building their own.
export LD_TEST_BINARY="$work/bin/localdigital"
# Vet has run in full above; the test binaries are linked once, for both passes.
go test -c -vet=off -o "$work/tests/" ./...

phase "tests (SQLite, PostgreSQL), staticcheck and fuzzing, side by side"
# job NAME COMMAND...: runs COMMAND in the background with its output in a log, at most
# TEST_JOBS at once, and reports it when it ends.
declare -A job_name=()
failed=()
reap() { # waits for one job to end and reports it
  local pid status=0
  wait -n -p pid || status=$?
  local name=${job_name[$pid]}
  unset "job_name[$pid]"
  local took=$(( ($(cat "$work/logs/$name.end") - $(cat "$work/logs/$name.start")) / 1000000 ))
  if [ "$status" = 0 ]; then
    printf 'ok   %-34s %6.1fs\n' "$name" "${took}e-3"
  else
    printf 'FAIL %-34s %6.1fs\n' "$name" "${took}e-3"
    cat "$work/logs/$name.log"
    failed+=("$name")
  fi
}
job() {
  local name=$1; shift
  while [ "${#job_name[@]}" -ge "$TEST_JOBS" ]; do reap; done
  date +%s%N > "$work/logs/$name.start"
  (
    status=0
    "$@" > "$work/logs/$name.log" 2>&1 || status=$?
    date +%s%N > "$work/logs/$name.end"
    exit "$status"
  ) &
  job_name[$!]=$name
}
# gotest ENGINE PACKAGE [ARGS]: runs PACKAGE's test binary in its folder, as go test does.
# The timeout allows for the jobs sharing the cores; it is there to stop a hung test.
gotest() {
  local engine=$1 pkg=$2; shift 2
  local bin; bin="$work/tests/$(basename "$pkg").test"
  [ -x "$bin" ] || return 0 # no tests
  if [ "$engine" = postgres ]; then
    (cd "$pkg" && LD_TEST_POSTGRES_URL=$pg_url exec "$bin" -test.count=1 -test.timeout=30m "$@")
  else
    (cd "$pkg" && exec "$bin" -test.count=1 -test.timeout=30m "$@")
  fi
}
fuzz_all() { # each fuzz target in turn, one worker each, so tests keep a core
  # Each package's fuzzing test binary is built once for all its targets (go test -fuzz
  # would link one per target), and runs in the package's folder with go test's cache.
  local pkg targets target bin cache
  mkdir -p "$work/fuzz"
  for pkg in ./internal/importer:FuzzParseOrganisations,FuzzParseServices ./internal/api:FuzzRegisterQuery \
    ./internal/mail:FuzzParseNotifyError \
    ./internal/model:FuzzParseRegisterQuery,FuzzCommitmentForm,FuzzSignersForm,FuzzNormaliseEmail,FuzzRenderMarkdown,FuzzParseResourceQuery \
    ./internal/web:FuzzSafeNext; do
    targets=${pkg#*:} pkg=${pkg%%:*} bin="$work/fuzz/$(basename "$pkg").test"
    cache="$(go env GOCACHE)/fuzz/$(go list "$pkg")"
    go test -c -vet=off -fuzz "^(${targets//,/|})\$" -o "$bin" "$pkg" || return 1
    for target in ${targets//,/ }; do
      echo "== $target"
      (cd "$pkg" && "$bin" -test.run '^$' -test.fuzz "^$target\$" -test.fuzztime "$FUZZTIME" -test.parallel 1 \
        -test.fuzzcachedir "$cache" -test.paniconexit0 -test.timeout 10m) || return 1
    done
  done
}
mkdir -p "$work/logs"
# Longest first. The browser suite's pages run in several tabs of one Chromium at once.
job "browser (SQLite)" gotest sqlite ./internal/browsertest -test.parallel=4
# The web tests wait mostly on their databases: more of them at once than there are cores.
job "web (PostgreSQL)" gotest postgres ./internal/web -test.parallel=8
job "web (SQLite)" gotest sqlite ./internal/web -test.parallel=4
job "staticcheck" go run "$STATICCHECK" ./...
job "store (PostgreSQL)" gotest postgres ./internal/store
job "api (PostgreSQL)" gotest postgres ./internal/api
job "store (SQLite)" gotest sqlite ./internal/store
job "api (SQLite)" gotest sqlite ./internal/api
job "faulttest (PostgreSQL)" gotest postgres ./internal/faulttest
job "faulttest (SQLite)" gotest sqlite ./internal/faulttest
job "cli (PostgreSQL)" gotest postgres ./internal/cli
job "cli (SQLite)" gotest sqlite ./internal/cli
job "testdb (PostgreSQL)" gotest postgres ./internal/testdb
job "fuzz (${FUZZTIME} each)" fuzz_all
for pkg in $(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.Dir}}{{end}}' ./...); do
  case "$(basename "$pkg")" in browsertest | web | store | api | faulttest | cli | testdb) continue ;; esac
  job "$(basename "$pkg") (SQLite)" gotest sqlite "$pkg"
done
while [ "${#job_name[@]}" -gt 0 ]; do reap; done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "failed: ${failed[*]}"; exit 1
fi

phase "PostgreSQL restart under load"
# Last, with the cluster to itself: stop and start PostgreSQL under load.
LD_TEST_PG_RESTART=1 gotest postgres ./internal/faulttest -test.timeout=5m -test.run '^TestDatabaseRestartDuringLoad$'
pg_stop

phase ""
echo "== timings"
printf '%s\n' "${summary[@]}"
printf '%7.1f s wall in all\n' "$(( ($(date +%s%N) - run_start) / 1000000 ))e-3"
echo "== all tests passed"
echo "screenshots of the key pages: $LD_SCREENSHOTS"
