#!/usr/bin/env bash
# Runs the compliance sidebar UI test (test/e2e/sidebar.mjs) in code-server + Chromium with the
# extension loaded from this checkout. Fresh state and a free port each run; code-server stopped by
# a trap. With --vsix, packages the extension and tests the installed VSIX instead (what
# scripts/vscode/run.sh ui does too).
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${MLGUARD_VSCODE_CACHE:-$ROOT_DIR/.vscode-test}"
bash "$ROOT_DIR/scripts/vscode/install.sh"
cd "$ROOT_DIR"
node scripts/build.mjs
RUN="$(mktemp -d "${TMPDIR:-/tmp}/mlguard-sidebar.XXXXXX")"
mkdir -p "$RUN/xdg" "$RUN/xdgdata" "$RUN/ud/User" "$RUN/exts"
cat > "$RUN/ud/User/settings.json" <<JSON
{ "security.workspace.trust.enabled": false, "telemetry.telemetryLevel": "off", "workbench.startupEditor": "none", "files.autoSave": "off",
  "extensions.autoUpdate": false, "extensions.autoCheckUpdates": false, "chat.disableAIFeatures": true }
JSON
DEV="$ROOT_DIR"
if [ "${1:-}" = "--vsix" ]; then
  npx vsce package --no-dependencies --allow-missing-repository --out "$RUN/mlguard.vsix" >/dev/null
  env PATH="$CACHE/bin:$PATH" XDG_CONFIG_HOME="$RUN/xdg" XDG_DATA_HOME="$RUN/xdgdata" \
    "$CACHE/code-server/node_modules/.bin/code-server" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/exts" \
    --install-extension "$RUN/mlguard.vsix" >"$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; exit 1; }
  DEV=""
fi
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
CSPID=""
cleanup() { if [ -n "$CSPID" ]; then kill "$CSPID" 2>/dev/null || true; wait "$CSPID" 2>/dev/null || true; fi; }
trap cleanup EXIT INT TERM
env PATH="$CACHE/bin:$PATH" XDG_CONFIG_HOME="$RUN/xdg" XDG_DATA_HOME="$RUN/xdgdata" \
  "$CACHE/code-server/node_modules/.bin/code-server" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/exts" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --vscode-option enable-smoke-test-driver >"$RUN/cs.log" 2>&1 &
CSPID=$!
for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
mkdir -p "$ROOT_DIR/test-artifacts"
CS_URL="http://127.0.0.1:$PORT" OUT_DIR="$ROOT_DIR/test-artifacts" EXT_DEV="$DEV" SETTINGS_FILE="$RUN/ud/User/settings.json" node test/e2e/sidebar.mjs
