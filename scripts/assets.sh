#!/usr/bin/env bash
# Installs GOV.UK Frontend and GOV.UK's accessible-autocomplete from npm (pinned by
# package-lock.json) and copies the files the binary embeds into internal/web/static/govuk.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/govuk-frontend/package.json ] || [ ! -f node_modules/accessible-autocomplete/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
src=node_modules/govuk-frontend/dist/govuk
dst=internal/web/static/govuk
rm -rf "$dst"
mkdir -p "$dst/assets"
cp "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.js" "$dst/"
cp -r "$src/assets/fonts" "$src/assets/images" "$dst/assets/"
ac=node_modules/accessible-autocomplete/dist
cp "$ac/accessible-autocomplete.min.js" "$ac/accessible-autocomplete.min.css" "$dst/"
echo "GOV.UK Frontend $(node -p "require('./node_modules/govuk-frontend/package.json').version") copied to $dst"
echo "accessible-autocomplete $(node -p "require('./node_modules/accessible-autocomplete/package.json').version") copied to $dst"
