#!/usr/bin/env bash
# Runs Local Digital on this machine with demo data: installs GOV.UK Frontend from npm,
# builds the binary, migrates and seeds the embedded SQLite database, and serves.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/assets.sh
go build -o bin/localdigital ./cmd/localdigital
export LD_DATABASE_URL="${LD_DATABASE_URL:-sqlite:data/localdigital.db}"
export LD_ADDR="${LD_ADDR:-127.0.0.1:8080}"
export LD_BASE_URL="${LD_BASE_URL:-http://localhost:8080}"
bin/localdigital migrate
bin/localdigital seed --demo
cat <<TXT

  Local Digital is starting. Open ${LD_BASE_URL} in your browser.
  Emails stay in the outbox: read sign-in links with  bin/localdigital mail list
  Stop with Ctrl+C.

TXT
exec bin/localdigital serve
