#!/usr/bin/env bash
# Repeats the Dockerfile's build and start in a scratch copy of the repository
# (npm ci, npm run build, npm prune --omit=dev, node dist/main.js with
# NODE_ENV=production) and checks that /readyz answers 200, then stops it.
# PRODUCTION_CHECK_MODULES=reuse (set by .ci/run right after its own npm ci) copies the
# checkout's node_modules instead of running npm ci again, and PRODUCTION_CHECK_TYPES=checked
# (set by .ci/run, whose type check runs beside this) builds without type-checking src again.
# Production needs MONGODB_URI, so an embedded jongodb stands in for MongoDB.
set -euo pipefail
root=$(pwd)
work=$(mktemp -d)
trap 'kill "${app_pid:-}" "${db_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

cp package.json package-lock.json tsconfig.json "$work"/
cp -r scripts config src public "$work"/
cd "$work"
if [ "${PRODUCTION_CHECK_MODULES:-}" = reuse ]; then
  # .ci/run has just run `npm ci` in the checkout from the same package-lock.json: a copy of
  # that install is what the Dockerfile's `npm ci` makes, without fetching and unpacking it
  # all a second time (a plain copy, not hard links: the prune below must not touch it).
  cp -a "$root/node_modules/." "$work/node_modules/"
else
  npm ci --no-audit --no-fund --loglevel=error
fi
build=$(node -p "require('./package.json').scripts.build")
if [ "${PRODUCTION_CHECK_TYPES:-}" = checked ] &&
  [ "$build" = "tsc -p tsconfig.json && node scripts/build-browser.mjs" ]; then
  # .ci/run type-checks src beside this check (`npm run typecheck`: tsconfig.check.json extends
  # tsconfig.json, and its program holds every file of this build's), so here the build's tsc
  # only emits: --noCheck writes the same dist, byte for byte. An error of the build that
  # the type check cannot see is a file outside rootDir (src), which --noCheck does not report
  # either: such a file is emitted outside dist, so every emitted file must be in dist.
  # Should the build script change, the whole `npm run build` runs instead.
  emitted=$(npx tsc -p tsconfig.json --noCheck --listEmittedFiles)
  outside=$(printf '%s\n' "$emitted" | sed -n 's/^TSFILE: //p' | grep -v "^$(pwd -P)/dist/" || true)
  if [ -n "$outside" ]; then
    printf 'production build: files outside src (rootDir) are part of the build:\n%s\n' "$outside"
    exit 1
  fi
  node scripts/build-browser.mjs
else
  npm run build
fi
npm prune --omit=dev --no-audit --no-fund --loglevel=error

db_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
"$root/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb" --host=127.0.0.1 --port="$db_port" >"$work/db.log" 2>&1 &
db_pid=$!
for _ in $(seq 1 100); do grep -q JONGODB_URI "$work/db.log" && break; sleep 0.1; done

app_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
NODE_ENV=production PORT="$app_port" HOST=127.0.0.1 LOG_LEVEL=warn \
  MONGODB_URI="mongodb://127.0.0.1:$db_port/ordskifte" \
  TOKEN_SECRET="ci-production-check-$(date +%s%N)" \
  ADMIN_EMAIL=admin@ci.local ADMIN_PASSWORD=ci-admin-password \
  node dist/main.js >"$work/app.log" 2>&1 &
app_pid=$!

status=000
for _ in $(seq 1 150); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$app_port/readyz" || true)
  [ "$status" = 200 ] && break
  sleep 0.1
done
if [ "$status" != 200 ]; then
  echo "production start: /readyz answered $status"; cat "$work/app.log"; exit 1
fi
# The browser bundles are part of the build: the widget and the dashboard must be served.
for asset in widget.js moderate moderate/dashboard.js; do
  curl -sf -o /dev/null "http://127.0.0.1:$app_port/$asset" || {
    echo "production start: /$asset is not served"; cat "$work/app.log"; exit 1
  }
done
curl -sfI "http://127.0.0.1:$app_port/widget.js" | grep -qi '^cross-origin-resource-policy: cross-origin' || {
  echo "production start: /widget.js lacks Cross-Origin-Resource-Policy: cross-origin"; exit 1
}
kill -TERM "$app_pid"
wait "$app_pid" && code=0 || code=$?
[ "$code" = 0 ] || { echo "production start: exit code $code after SIGTERM"; cat "$work/app.log"; exit 1; }
echo "production start: /readyz 200, /widget.js and /moderate served, clean exit on SIGTERM"
