#!/usr/bin/env bash
# Builds the vendored front-end assets into src/dpassure/core/static/dpassure/.
# Run after changing package.json or scss/: `cd frontend && npm ci && bash build.sh`.
# The output is committed, so the app itself never needs Node.js.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../src/dpassure/core/static/dpassure"
mkdir -p "$out"
npx sass --no-source-map --style=compressed --load-path="$here/node_modules" \
  --quiet-deps --silence-deprecation=import --silence-deprecation=global-builtin \
  --silence-deprecation=color-functions \
  "$here/scss/dpassure.scss" "$out/dpassure.css"
cp "$here/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js" "$out/govuk-frontend.min.js"
cp "$here/node_modules/htmx.org/dist/htmx.min.js" "$out/htmx.min.js"
# Only the neutral favicon; the crown, crest and GOV.UK icons are deliberately not copied.
if grep -q "GDS Transport" "$out/dpassure.css"; then
  echo "GDS Transport leaked into the compiled CSS" >&2; exit 1
fi
echo "built $(du -h "$out/dpassure.css" | cut -f1) CSS into $out"
