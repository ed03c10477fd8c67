#!/usr/bin/env bash
# Start an isolated code-server (real VS Code in the browser) with one extension installed.
#
# Usage:  launch.sh EXTENSION WORKSPACE [RUN_DIR]
#   EXTENSION  a .vsix file, or an extension folder (packaged on the fly with @vscode/vsce@3),
#              or - to install nothing (e.g. for run-ext-tests.mjs, which loads the
#              extension from its folder as a development extension)
#   WORKSPACE  folder to open
#   RUN_DIR    scratch folder for user-data, extensions, logs (default: mktemp -d /tmp/e2e-run.XXXXXX)
# Env:
#   CS_HOME    where install.sh installed (default /tmp/e2e-cs)
#   PORT       port on 127.0.0.1 (default: a free one)
#   CS_SETTINGS_JSON  extra user settings merged over the defaults below (a JSON object)
# Prints shell assignments on stdout (eval-able):
#   CS_URL (workbench URL with ?folder=), CS_ORIGIN (http://127.0.0.1:PORT), CS_PORT, CS_PID, CS_RUN_DIR
# Stop with:  stop.sh RUN_DIR
set -euo pipefail

EXT="${1:?usage: launch.sh EXTENSION WORKSPACE [RUN_DIR]}"
WS="${2:?usage: launch.sh EXTENSION WORKSPACE [RUN_DIR]}"
RUN="${3:-$(mktemp -d /tmp/e2e-run.XXXXXX)}"
CS_HOME="${CS_HOME:-/tmp/e2e-cs}"
CS="$CS_HOME/node_modules/.bin/code-server"
[ -x "$CS" ] || { echo "code-server not found at $CS (run test/e2e-editor/code-server/install.sh)" >&2; exit 1; }
[ "$EXT" = - ] || EXT="$(realpath "$EXT")"
WS="$(realpath "$WS")"
mkdir -p "$RUN/user-data/User" "$RUN/extensions" "$RUN/tmp"
RUN="$(realpath "$RUN")"
PORT="${PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"

log() { echo "[launch] $*" >&2; }

# 1. Extension: package a folder if needed, then install it into the private extensions dir.
t0=$(date +%s%N)
if [ "$EXT" = - ]; then
  :
elif [ -d "$EXT" ]; then
  log "packaging $EXT with vsce"
  (cd "$EXT" && npx --yes @vscode/vsce@3 package --allow-missing-repository --skip-license \
     -o "$RUN/extension.vsix" >&2)
  EXT="$RUN/extension.vsix"
fi
if [ "$EXT" != - ]; then
  "$CS" --config "$RUN/config.yaml" --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
    --install-extension "$EXT" --force >&2
  log "installed $(basename "$EXT") in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
fi

# 2. Quiet, deterministic user settings (no welcome page, no trust prompt, no telemetry/updates).
node -e '
const fs = require("fs");
const base = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "window.restoreWindows": "none",
  "files.hotExit": "off",
  "editor.hover.delay": 100,
  "chat.commandCenter.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.colorTheme": "Default Light Modern"
};
const extra = process.env.CS_SETTINGS_JSON ? JSON.parse(process.env.CS_SETTINGS_JSON) : {};
fs.writeFileSync(process.argv[1], JSON.stringify({ ...base, ...extra }, null, 2));
' "$RUN/user-data/User/settings.json"

# 3. Start the server in the background, in its own session/process group (setsid) so that
#    stop.sh can end the whole tree (extension host, language servers) by its id.
#    --config points at a private file so code-server never writes ~/.config/code-server/.
TMPDIR="$RUN/tmp" setsid nohup "$CS" \
  --config "$RUN/config.yaml" \
  --bind-addr "127.0.0.1:$PORT" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --disable-proxy --ignore-last-opened \
  --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
  "$WS" > "$RUN/code-server.log" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$RUN/code-server.pid"

for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$PID" 2>/dev/null || { cat "$RUN/code-server.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { log "code-server did not come up"; cat "$RUN/code-server.log" >&2; exit 1; }
log "code-server up on 127.0.0.1:$PORT (pid $PID) in $(( ($(date +%s%N) - t0) / 1000000 )) ms total"

# folder= must be URL-encoded path
echo "CS_URL='http://127.0.0.1:$PORT/?folder=$(node -p 'encodeURIComponent(process.argv[1])' "$WS")'"
echo "CS_ORIGIN='http://127.0.0.1:$PORT'"
echo "CS_PORT=$PORT"
echo "CS_PID=$PID"
echo "CS_RUN_DIR='$RUN'"
