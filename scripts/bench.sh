#!/usr/bin/env bash
# The performance budget (issue 3, section 5), measured. Separate from the tests:
#
#   ./scripts/bench.sh
#
# Welsh pages (/cy/...) are measured beside the English ones (issue 9: as fast).
# Builds bin/localdigital, fills temporary databases with the real register
# (../shared/data/uk_local_authorities.csv) and about 300 published signatures, serves
# them on 127.0.0.1 and measures:
#   reads   wrk, 50 connections, 10 s per target, each as a share of a 2 KB static page
#           served by the same binary in the same run (the ceiling of this machine);
#           and the server's peak RSS
#   writes  sign-in link requests and commitment submissions, 50 clients for 10 s each,
#           on SQLite and on PostgreSQL (a throwaway cluster from scripts/pg.sh)
#   scale   pages and lists built afresh (signed in, no cache) with 100,000 synthetic organisations
#   jobs    background jobs as Go benchmarks: the digest run for 10,000 people following 5
#           things each over a week of 5,000 activity items (issue 10; budget 30 s)
#   go      Go benchmarks with a budget: the projects' partner finder (under 50 ms)
# It prints a Markdown table and writes it to bench-results.md in a temporary folder.
# Every request goes to 127.0.0.1; the server and the cluster are stopped whatever happens.
#
# Settings: BENCH_DURATION (10s), BENCH_CONNECTIONS (50), BENCH_SYNTHETIC (100000),
# BENCH_SAMPLES (500 sequential requests per path), BENCH_POSTGRES (1; 0 skips it),
# BENCH_READS (1; 0 runs only the scale part), BENCH_JOBS (1; 0 skips the jobs' Go benchmarks,
# 2 runs only them).
set -euo pipefail
cd "$(dirname "$0")/.."

REGISTER=../shared/data/uk_local_authorities.csv
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-50}
SYNTHETIC=${BENCH_SYNTHETIC:-100000}
SAMPLES=${BENCH_SAMPLES:-500}
POSTGRES=${BENCH_POSTGRES:-1}
READS=${BENCH_READS:-1}
JOBS=${BENCH_JOBS:-1}
SIGNATURES=300
WITHDRAWN=5
CEILING=/assets/bench/ceiling.html

source scripts/pg.sh

need_wrk() {
  command -v wrk >/dev/null && return 0
  echo "Installing Debian's wrk…"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
}

# free_port prints a port on 127.0.0.1 that nothing is listening on.
free_port() {
  local p try
  for try in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# start_server NAME DATABASE_URL starts `localdigital serve` and waits for /readyz;
# it sets BASE and SERVER_PID.
start_server() {
  local name=$1 url=$2 port try
  port=$(free_port)
  BASE="http://127.0.0.1:$port"
  LD_DATABASE_URL="$url" LD_ADDR="127.0.0.1:$port" LD_BASE_URL="$BASE" LD_MAIL=log \
    bin/localdigital serve 2>"$WORK/$name-server.log" &
  SERVER_PID=$!
  for try in $(seq 150); do
    curl -fsS --max-time 1 -o /dev/null "$BASE/readyz" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "bench: the $name server did not become ready; the end of its log:" >&2
  tail -20 "$WORK/$name-server.log" >&2
  return 1
}

# stop_server asks the server to stop (SIGTERM, graceful), then insists after 20 s.
stop_server() {
  [ -n "${SERVER_PID:-}" ] || return 0
  local try
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for try in $(seq 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

peak_rss_mb() { awk '$1 == "VmHWM:" { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }

# prepare DATABASE_URL [SYNTHETIC]: schema, the real register, signatures, synthetic rows.
prepare() {
  LD_DATABASE_URL="$1" bin/localdigital migrate >/dev/null
  LD_DATABASE_URL="$1" bin/localdigital import organisations "$REGISTER" | sed 's/^/  register: /'
  LD_DATABASE_URL="$1" bin/ldbench -signatures "$SIGNATURES" -withdrawn "$WITHDRAWN" -synthetic "${2:-0}" | sed 's/^/  /'
}

# wrk_run NAME PATH [WRK_ARGS...] prints "requests/s p50 p99 errors" (latencies in ms).
wrk_run() {
  local name=$1 path=$2 out="$WORK/wrk-$1.txt"
  shift 2
  if ! curl -fsS --max-time 5 -o /dev/null "$BASE$path"; then
    echo "bench: GET $path does not answer 200" >&2
    return 1
  fi
  wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 5s --latency "$@" "$BASE$path" >"$out"
  awk 'function ms(v) {
         if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0
         if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v + 0 }
       $1 == "50%" { p50 = ms($2) }
       $1 == "99%" { p99 = ms($2) }
       $1 == "Requests/sec:" { rps = $2 }
       /Non-2xx or 3xx responses:/ { errors += $NF }
       /Socket errors:/ { gsub(/[^0-9 ]/, ""); for (i = 1; i <= NF; i++) errors += $i }
       END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, errors }' "$out"
}

# read_verdict RPS RATIO P99 ERRORS MIN_RPS MIN_RATIO MAX_P99 says PASS, or by how much it missed.
read_verdict() {
  awk -v r="$1" -v q="$2" -v p="$3" -v e="$4" -v mr="$5" -v mq="$6" -v mp="$7" 'BEGIN {
    if (r < mr) m = m sprintf("; %.0f%% of the req/s", 100 * r / mr)
    if (q < mq) m = m sprintf("; ratio %.2f < %.2f", q, mq)
    if (p > mp) m = m sprintf("; p99 %.1f ms over", p - mp)
    if (e > 0) m = m sprintf("; %d errors", e)
    print (m == "" ? "PASS" : "MISS (" substr(m, 3) ")") }'
}

run_ceiling() {
  local res p50 p99 errors
  res=$(wrk_run ceiling "$CEILING")
  read -r CEILING_RPS p50 p99 errors <<<"$res"
  printf '  %-50s %8s req/s  p50 %6s ms  p99 %6s ms\n' "2 KB static page" "$CEILING_RPS" "$p50" "$p99"
  row "| 2 KB static page (\`$CEILING\`, the ceiling) | $CEILING_RPS | $p50 ms | $p99 ms | 1.00 | | $([ "$errors" = 0 ] || echo "$errors errors") |"
}

# run_targets SLUG [uncached]: each budgeted page, as anonymous visitors get it (from the
# page cache while nothing changes) or, with "uncached", carrying a cookie as a signed-in
# person does, which makes the server build every answer afresh.
run_targets() {
  local slug=$1 mode=${2:-} t name path min_rps min_ratio max_p99 res rps p50 p99 errors ratio label
  local args=()
  [ "$mode" = uncached ] && args=(-H "Cookie: ldbench=uncached")
  for t in "signatories|/signatories|15000|0.25|15" \
    "search|/signatories?q=borough&nation=England|5000|0.08|30" \
    "organisation|/organisations/$slug|15000|0.25|15" \
    "api|/api/v1/signatories|3000|0.05|40" \
    "welsh-signatories|/cy/signatories|15000|0.25|15" \
    "welsh-organisation|/cy/organisations/$slug|15000|0.25|15" \
    "projects|/projects|15000|0.25|15" \
    "dashboard|/dashboard|15000|0.25|15" \
    "contracts-ending|/contracts/ending-together?category=revenues_benefits|15000|0.25|15"; do
    IFS='|' read -r name path min_rps min_ratio max_p99 <<<"$t"
    label="\`$path\`${mode:+ ($mode)}"
    if ! res=$(wrk_run "$name${mode:+-$mode}" "$path" "${args[@]}"); then
      row "| $label | | | | | | FAILED: no 200 before the run |"
      continue
    fi
    read -r rps p50 p99 errors <<<"$res"
    ratio=$(awk -v a="$rps" -v b="$CEILING_RPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '  %-50s %8s req/s  p50 %6s ms  p99 %6s ms  ratio %s\n' "$path${mode:+ ($mode)}" "$rps" "$p50" "$p99" "$ratio"
    row "| $label | $rps | $p50 ms | $p99 ms | $ratio | ≥ $min_rps (≥ $min_ratio), p99 ≤ $max_p99 ms | $(read_verdict "$rps" "$ratio" "$p99" "$errors" "$min_rps" "$min_ratio" "$max_p99") |"
  done
}

# run_signed_in SLUG: the pages as a signed-in officer gets them (a real session, made by
# `ldload session`): the register's main content comes from the shared content kept per data
# version, the header is rendered per person (issue 7, item 25).
run_signed_in() {
  local slug=$1 t name path min_ratio max_p99 res rps p50 p99 errors ratio cookie
  if ! cookie=$(LD_DATABASE_URL="$DB_URL" timeout 60 bin/ldload session -base "$BASE" | grep '^ld_session=' | head -1); then
    row "| signed-in pages | | | | | | FAILED: no session |"
    return 0
  fi
  for t in "signed-in-signatories|/signatories|0.15|30" \
    "signed-in-search|/signatories?q=borough&nation=England|0.15|30" \
    "signed-in-home|/|0.15|30" \
    "signed-in-welsh-signatories|/cy/signatories|0.15|30" \
    "signed-in-organisation|/organisations/$slug|0.05|40"; do
    IFS='|' read -r name path min_ratio max_p99 <<<"$t"
    if ! res=$(wrk_run "$name" "$path" -H "Cookie: $cookie"); then
      row "| \`$path\` (signed in) | | | | | | FAILED: no 200 before the run |"
      continue
    fi
    read -r rps p50 p99 errors <<<"$res"
    ratio=$(awk -v a="$rps" -v b="$CEILING_RPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    printf '  %-50s %8s req/s  p50 %6s ms  p99 %6s ms  ratio %s\n' "$path (signed in)" "$rps" "$p50" "$p99" "$ratio"
    row "| \`$path\` (signed in) | $rps | $p50 ms | $p99 ms | $ratio | ≥ $min_ratio of the ceiling, p99 ≤ $max_p99 ms | $(read_verdict "$rps" "$ratio" "$p99" "$errors" 0 "$min_ratio" "$max_p99") |"
  done
}

run_reads() {
  local slug rss
  slug=$(curl -fsS --max-time 5 "$BASE/api/v1/signatories?per_page=1" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
  echo "== reads: wrk -t2 -c$CONNS -d$DURATION (signed council: $slug)"
  run_ceiling
  run_targets "$slug"
  run_targets "$slug" uncached
  run_signed_in "$slug"
  rss=$(peak_rss_mb)
  row "| peak RSS of the server during the reads (VmHWM) | $rss MB | | | | ≤ 150 MB | $([ "$rss" -le 150 ] && echo PASS || echo "MISS ($((rss - 150)) MB over)") |"
}

# run_writes ENGINE DATABASE_URL runs ldload against the server and adds its rows.
run_writes() {
  local log="$WORK/writes-$1.txt"
  echo "== writes on $1: $CONNS clients, $DURATION per phase"
  if ! LD_DATABASE_URL="$2" timeout 300 bin/ldload write -base "$BASE" -c "$CONNS" -d "$DURATION" >"$log" 2>&1; then
    sed 's/^/  /' "$log"
    row "| writes | $1 | | | | | | FAILED: $(tail -1 "$log") |"
    return 0
  fi
  grep -v '^RESULT' "$log" | sed 's/^/  /'
  awk -F'\t' -v e="$1" '$1 == "RESULT" {
    printf "| %s | %s | %d | %.0f | %.2f ms | %.2f ms | %d | %s |\n", $2, e, $3, $4, $5, $7, $8, ($8 == 0 ? "PASS" : "MISS (" $8 " errors)") }' \
    "$log" >>"$OUT"
}

# run_scale: on the big database, one request at a time: first signed in with a parameter
# of each request's own (-fresh), so that no cache answers and every page and list is built
# afresh, then as anonymous visitors (page cache).
run_scale() {
  local log="$WORK/scale.txt" slug
  slug=$(curl -fsS --max-time 5 "$BASE/api/v1/signatories?per_page=1" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)
  local paths=("/signatories?q=borough" "/signatories" "/signatories?region=London" "/" "/organisations/$slug"
    "/api/v1/organisations?q=borough" "/api/v1/organisations?q=borough+council+0042" "/api/v1/organisations"
    "/api/v1/organisations?nation=England&type=NMD" "/api/v1/organisations?signed=no&page=900" "/api/v1/signatories")
  echo "== scale: $SAMPLES sequential requests per path, after 20 to warm up"
  if ! { LD_DATABASE_URL="$DB_URL" timeout 900 bin/ldload latency -base "$BASE" -n "$SAMPLES" -session -fresh "${paths[@]}" &&
    timeout 300 bin/ldload latency -base "$BASE" -n "$SAMPLES" "${paths[0]}" "${paths[5]}"; } >"$log" 2>&1; then
    sed 's/^/  /' "$log"
    row "| search | | | | | p95 ≤ 15 ms | FAILED: $(tail -1 "$log") |"
    return 0
  fi
  grep -v '^RESULT' "$log" | sed 's/^/  /'
  awk -F'\t' '$1 == "RESULT" {
    split($2, p, " ")
    v = ($6 <= 15) ? "PASS" : sprintf("MISS (p95 %.1f ms over)", $6 - 15)
    if ($8 > 0) v = v " with " $8 " errors"
    label = $2; sub(/^[^ ]+/, "", label); if (label == "") label = " (anonymous, cached)"
    printf "| `%s`%s | %d | %.2f ms | %.2f ms | %.2f ms | p95 ≤ 15 ms | %s |\n", p[1], label, $3, $5, $6, $7, v }' "$log" >>"$OUT"
}

# run_go_benchmarks: the Go benchmarks with a budget of their own: the projects' partner
# finder, built afresh on 400 organisations with 15 contracts each and 2,000 projects, in
# under 50 ms.
run_go_benchmarks() {
  local log="$WORK/go-bench.txt" ms
  echo "== Go benchmarks"
  if ! go test -run '^$' -bench '^BenchmarkPartnerFinder$' -benchtime 20x ./internal/store/ >"$log" 2>&1; then
    sed 's/^/  /' "$log"
    row "| partner finder | | | | | < 50 ms | FAILED |"
    return 0
  fi
  sed 's/^/  /' "$log"
  ms=$(awk '/^BenchmarkPartnerFinder/ { printf "%.1f", $3 / 1e6 }' "$log")
  row ""
  row "## Go benchmarks"
  row ""
  row "| benchmark | per run | budget | result |"
  row "|---|---|---|---|"
  row "| partner finder (400 organisations, 6,000 contracts, 2,000 projects) | $ms ms | < 50 ms | $(awk -v m="$ms" 'BEGIN { print (m < 50 ? "PASS" : "MISS") }') |"
}

row() { echo "$1" >>"$OUT"; }

# run_jobs: the background jobs' Go benchmarks (on SQLite), each a row: the wall time of
# one run, its CPU time (which other work on the machine does not inflate) and the budget.
run_jobs() {
  local log="$WORK/jobs.txt"
  cat >>"$OUT" <<MD

## Background jobs: Go benchmarks (\`go test -bench\`, SQLite)

| job | wall time | CPU time | budget | result |
|---|---:|---:|---|---|
MD
  echo "== jobs: the digest run (10,000 people x 5 follows, 5,000 items)"
  if ! LD_TEST_POSTGRES_URL= go test -run '^$' -bench 'DigestRun' -benchtime 1x ./internal/store >"$log" 2>&1; then
    sed 's/^/  /' "$log"
    row "| digest run | | | ≤ 30 s | FAILED: $(tail -1 "$log") |"
    return 0
  fi
  grep '^Benchmark' "$log" | sed 's/^/  /'
  awk '/^BenchmarkDigestRun/ {
    for (i = 1; i < NF; i++) { if ($(i+1) == "s/run") wall = $i; if ($(i+1) == "cpu-s/run") cpu = $i }
    printf "| digest run: 10,000 people x 5 follows, 5,000 items, one query per batch of 500 | %.1f s | %.1f s | ≤ 30 s | %s |\n",
      wall, cpu, (wall <= 30 ? "PASS" : (cpu <= 30 ? "MISS on wall time (CPU within budget: the machine is busy)" : sprintf("MISS (%.1f s over)", wall - 30))) }' "$log" >>"$OUT"
}

header() {
  local commit cpu
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  git --no-optional-locks diff --quiet HEAD 2>/dev/null || commit="$commit with uncommitted changes"
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  cat >"$OUT" <<MD
# Benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')

$(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM; $(go env GOVERSION); commit $commit.
Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure).
Server and load generator share the cores. Databases: the real register ($(($(wc -l <"$REGISTER") - 1)) organisations),
$SIGNATURES published signatures and $WITHDRAWN withdrawn, made through the store's signing journey by \`cmd/ldbench\`.

## Reads: SQLite, \`wrk -t2 -c$CONNS -d$DURATION --latency\`

Anonymous visitors are served from the page cache while nothing changes (a change empties it).
Rows marked "uncached" carry a cookie (not a session), which the page cache does not serve: pages whose main
content is the same for everyone reuse it per data version, the rest are built afresh. Rows marked "signed in"
carry a real session.

| target | requests/s | p50 | p99 | ratio to ceiling | budget | result |
|---|---:|---:|---:|---:|---|---|
MD
}

writes_header() {
  cat >>"$OUT" <<MD

## Writes: $CONNS clients for $DURATION each (\`cmd/ldload write\`)

Each request is a person with their own loopback address: sign-in links are rate-limited per client
address (30 in 15 minutes), so from one address this would measure only the "too many times" page.

| benchmark | database | requests | requests/s | p50 | p99 | errors | result |
|---|---|---:|---:|---:|---:|---:|---|
MD
}

scale_header() {
  cat >>"$OUT" <<MD

## Scale: SQLite with $SYNTHETIC synthetic organisations as well (\`cmd/ldload latency\`, one client)

$SAMPLES requests in a row per path. "Signed in, built afresh" requests carry a real session and a
parameter of their own (\`_fresh=N\`), so no cache answers them: every page and list is built from the
database. "Anonymous, cached" ones come, after the first, from the page cache.

| path | requests | p50 | p95 | p99 | budget | result |
|---|---:|---:|---:|---:|---|---|
MD
}

cleanup() {
  local rc=$?
  stop_server
  pg_stop
  rm -f "$WORK"/*.db "$WORK"/*.db-wal "$WORK"/*.db-shm
  [ "$rc" = 0 ] || echo "bench: stopped early (exit $rc); logs are in $WORK" >&2
}

main() {
  [ -f "$REGISTER" ] || {
    echo "bench: the register $REGISTER is missing; the benchmark needs ../shared/data beside this checkout" >&2
    exit 1
  }
  need_wrk
  awk -v n="$(nproc)" '$1 > n / 2 { printf "bench: warning: load average %s on %d cores; other work will skew the figures\n", $1, n }' /proc/loadavg
  [ -f internal/web/static/govuk/govuk-frontend.min.css ] || ./scripts/assets.sh
  echo "== build"
  go build -o bin/localdigital ./cmd/localdigital
  go build -o bin/ldbench ./cmd/ldbench
  go build -o bin/ldload ./cmd/ldload
  WORK=$(mktemp -d /tmp/ld-bench.XXXXXX)
  OUT="$WORK/bench-results.md"
  SERVER_PID=
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  if [ "$JOBS" = 2 ]; then
    echo "# Benchmark of the background jobs, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT"
    run_jobs
    cat "$OUT"
    return 0
  fi
  header

  local rss_all=
  if [ "$READS" = 1 ]; then
    echo "== SQLite: register and signatures"
    DB_URL="sqlite:$WORK/bench.db"
    prepare "$DB_URL"
    start_server sqlite "$DB_URL"
    run_reads
    writes_header
    run_writes SQLite "$DB_URL"
    rss_all=$(peak_rss_mb)
    stop_server
  fi

  if [ "$POSTGRES" = 1 ] && [ "$READS" = 1 ]; then
    echo "== PostgreSQL: register and signatures"
    if pg_start; then
      local pg_url="${LD_TEST_POSTGRES_URL/\/postgres\?/\/ldbench?}"
      "$PG_BIN/psql" -X -q "$LD_TEST_POSTGRES_URL" -c "CREATE DATABASE ldbench" >/dev/null
      prepare "$pg_url"
      start_server postgres "$pg_url"
      run_writes PostgreSQL "$pg_url"
      stop_server
      pg_stop
    else
      row "| writes | PostgreSQL | | | | | | NOT RUN: the cluster did not start |"
    fi
  fi

  echo "== scale: SQLite with $SYNTHETIC synthetic organisations"
  DB_URL="sqlite:$WORK/scale.db"
  prepare "$DB_URL" "$SYNTHETIC"
  start_server scale "$DB_URL"
  scale_header
  run_scale
  stop_server
  run_go_benchmarks

  [ "$JOBS" = 0 ] || run_jobs

  cat >>"$OUT" <<MD

Peak RSS of the SQLite server over reads and writes together: $rss_all MB. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg).
Raw wrk and ldload output: \`$WORK\`.
MD
  echo
  cat "$OUT"
  echo
  echo "Results written to $OUT"
}

main "$@"
