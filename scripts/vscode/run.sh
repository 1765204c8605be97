#!/usr/bin/env bash
# Runs MLGuard's tests in a real VS Code (code-server 4.139.1 = VS Code 1.139.1), offline except
# npm + apt. Modes:
#   integration  mocha suites inside the extension host (extension loaded from this checkout)
#   ui           the packaged .vsix installed into code-server, driven in Chromium like a person
#   bench        edit → updated diagnostics latency on a generated 5,000-line script (extension host)
# Every run gets fresh state (user data, extensions, XDG dirs, a copy of the fixture workspace) and
# a free port; code-server is stopped by a trap whatever happens.
set -euo pipefail
MODE="${1:-integration}"
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${MLGUARD_VSCODE_CACHE:-$ROOT_DIR/.vscode-test}"
log() { echo "[vscode-$MODE $(date +%T)] $*" >&2; }

bash "$ROOT_DIR/scripts/vscode/install.sh"
cd "$ROOT_DIR"
log "build extension + tests"
node scripts/build.mjs
node scripts/vscode/build-tests.mjs

RUN="$(mktemp -d "${TMPDIR:-/tmp}/mlguard-vscode-$MODE.XXXXXX")"
WS="$RUN/ws"
mkdir -p "$WS" "$RUN/xdg" "$RUN/xdgdata" "$RUN/ud" "$RUN/exts"
cp -R "$ROOT_DIR/test/integration/workspace/." "$WS/"
PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
CS=(env PATH="$CACHE/bin:$PATH" XDG_CONFIG_HOME="$RUN/xdg" XDG_DATA_HOME="$RUN/xdgdata" \
    "$CACHE/code-server/node_modules/.bin/code-server" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/exts")
# Settings for the run: no trust prompt, no telemetry, no auto-save racing the tests.
mkdir -p "$RUN/ud/User"
cat > "$RUN/ud/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "files.autoSave": "off",
  "workbench.startupEditor": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true,
  "editor.lightbulb.enabled": "on",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false
}
JSON

CSPID=""
cleanup() {
  local rc=$?
  if [ -n "$CSPID" ]; then kill "$CSPID" 2>/dev/null || true; wait "$CSPID" 2>/dev/null || true; fi
  if [ $rc -ne 0 ]; then log "failed (exit $rc); code-server log: $RUN/cs.log"; tail -20 "$RUN/cs.log" 2>/dev/null | sed 's/^/  cs| /' >&2 || true; fi
  exit $rc
}
trap cleanup EXIT INT TERM

if [ "$MODE" = "ui" ]; then
  # A key bound to the test-only command: ui.mjs presses it and expects "command ... not found".
  cat > "$RUN/ud/User/keybindings.json" <<JSON
[{ "key": "ctrl+alt+shift+f12", "command": "mlguard.compliance.receive", "args": { "type": "refresh" } }]
JSON
  log "package + install the VSIX"
  npx vsce package --no-dependencies --allow-missing-repository --baseContentUrl https://github.com/mlguard/mlguard/blob/main --baseImagesUrl https://github.com/mlguard/mlguard/raw/main --out "$RUN/mlguard.vsix" >/dev/null
  node test/e2e/vsix-contents.mjs "$RUN/mlguard.vsix"
  "${CS[@]}" --install-extension "$RUN/mlguard.vsix" >"$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; exit 1; }
fi

log "start code-server on 127.0.0.1:$PORT (state in $RUN)"
"${CS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --vscode-option enable-smoke-test-driver \
  >"$RUN/cs.log" 2>&1 &
CSPID=$!
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 "$CSPID" 2>/dev/null || { log "code-server exited"; exit 1; }
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" || { log "code-server did not become healthy"; exit 1; }

case "$MODE" in
  integration)
    node scripts/vscode/run-in-browser.mjs "http://127.0.0.1:$PORT" "$WS" "$ROOT_DIR" "$ROOT_DIR/out/integration/index" "${MLGUARD_TEST_TIMEOUT:-480}"
    ;;
  bench)
    node scripts/vscode/run-in-browser.mjs "http://127.0.0.1:$PORT" "$WS" "$ROOT_DIR" "$ROOT_DIR/out/integration/bench" "${MLGUARD_TEST_TIMEOUT:-1500}"
    mkdir -p "$ROOT_DIR/bench-results"
    cp "$WS/bench-editor.json" "$ROOT_DIR/bench-results/editor.json"
    node -e '
      const r = require(process.argv[1]);
      console.log(`editor latency (${r.where}): ${r.edits} edits on a ${r.lines}-line file`);
      for (const [k, v] of Object.entries(r.results)) console.log(`  ${k.padEnd(46)} p50 ${v.p50.toFixed(1)} ms   p95 ${v.p95.toFixed(1)} ms   max ${v.max.toFixed(1)} ms`);
      for (const [k, v] of Object.entries(r.activation ?? {})) console.log(`  ${k.padEnd(46)} ${v.toFixed(1)} ms`);
    ' "$ROOT_DIR/bench-results/editor.json"
    ;;
  ui)
    mkdir -p "$ROOT_DIR/test-artifacts"
    # MLGUARD_UI_ONLY=ui|sidebar|reports runs one of the UI tests (while working on it).
    ONLY="${MLGUARD_UI_ONLY:-}"
    if [ -z "$ONLY" ] || [ "$ONLY" = ui ]; then
      CS_URL="http://127.0.0.1:$PORT" WS="$WS" OUT_DIR="$ROOT_DIR/test-artifacts" node test/e2e/ui.mjs
    fi
    # The compliance sidebar's UI test (owned by the compliance work) against the same installed VSIX.
    if [ -f test/e2e/sidebar.mjs ] && { [ -z "$ONLY" ] || [ "$ONLY" = sidebar ]; }; then
      CS_URL="http://127.0.0.1:$PORT" OUT_DIR="$ROOT_DIR/test-artifacts" SETTINGS_FILE="$RUN/ud/User/settings.json" node test/e2e/sidebar.mjs
    fi
    # Export Audit Report / Export Compliance Report: prompts, announcement, files on disk.
    if [ -z "$ONLY" ] || [ "$ONLY" = reports ]; then
      CS_URL="http://127.0.0.1:$PORT" OUT_DIR="$ROOT_DIR/test-artifacts" node test/e2e/reports.mjs
    fi
    ;;
  *) log "unknown mode $MODE"; exit 2 ;;
esac
