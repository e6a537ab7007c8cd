#!/usr/bin/env bash
# Runs every test: formatting, vet and staticcheck, the unit, store, handler and journey tests, and a
# short run of each fuzz target. CI runs exactly this (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME="${FUZZTIME:-6s}"

echo "== assets"
./scripts/assets.sh

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== staticcheck"
# Pinned: honnef.co/go/tools v0.8.2 supports Go 1.26. It must report nothing.
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

echo "== chromium (browser tests)"
if [ -z "${CHROME_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi
export LD_SCREENSHOTS="${LD_SCREENSHOTS:-$PWD/screenshots}"
mkdir -p "$LD_SCREENSHOTS"
echo "screenshots go to $LD_SCREENSHOTS"

echo "== go test (SQLite)"
go test -count=1 -timeout 15m ./...

echo "== go test (PostgreSQL)"
source scripts/pg.sh
trap pg_stop EXIT
pg_start
# Every package whose tests touch the database runs again, each test on a fresh database.
go test -count=1 -timeout 15m ./internal/store/... ./internal/api/... ./internal/web/... ./internal/cli/... ./internal/faulttest/...
# Last, with the cluster to itself: stop and start PostgreSQL under load.
LD_TEST_PG_RESTART=1 go test -count=1 -timeout 5m -run TestDatabaseRestartDuringLoad ./internal/faulttest/...
pg_stop
trap - EXIT

echo "== fuzz (${FUZZTIME} each)"
fuzz() { go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" "$1" > /tmp/fuzz-$2.log 2>&1 || { cat /tmp/fuzz-$2.log; exit 1; }; echo "ok   $2"; }
fuzz ./internal/importer FuzzParseOrganisations
fuzz ./internal/api FuzzRegisterQuery
fuzz ./internal/mail FuzzParseNotifyError
fuzz ./internal/model FuzzParseRegisterQuery
fuzz ./internal/model FuzzCommitmentForm
fuzz ./internal/model FuzzSignersForm
fuzz ./internal/model FuzzNormaliseEmail
fuzz ./internal/model FuzzRenderMarkdown
fuzz ./internal/model FuzzParseResourceQuery
fuzz ./internal/importer FuzzParseServices

echo "== all tests passed"
echo "screenshots of the key pages: $LD_SCREENSHOTS"
