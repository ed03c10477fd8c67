#!/usr/bin/env bash
# A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }) on
# machines where no desktop VS Code/Electron can be obtained. It accepts test-electron's command line
#   [launchArgs... WORKSPACE] --extensionTestsPath=T --extensionDevelopmentPath=D [...]
# and runs the tests in code-server's Node extension host through headless Chromium, exiting with the
# tests' exit code. Other VS Code flags are accepted and ignored: each run gets fresh user-data and
# extensions folders. Env: CS_HOME (default /tmp/e2e-cs), SHIM_TIMEOUT_S (default 600).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
DEV=(); TESTS=""; WS=""
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*) DEV+=(--ext "${a#*=}") ;;
    --extensionTestsPath=*) TESTS="${a#*=}" ;;
    --version) node -p "require('${CS_HOME:-/tmp/e2e-cs}/node_modules/code-server/lib/vscode/package.json').version"; exit 0 ;;
    -*) ;;
    *) [ -n "$WS" ] || WS="$a" ;;
  esac
done
[ -n "$TESTS" ] && [ ${#DEV[@]} -gt 0 ] || { echo "shim: need --extensionTestsPath= and --extensionDevelopmentPath=" >&2; exit 2; }
export CS_HOME="${CS_HOME:-/tmp/e2e-cs}"
RUN="$(mktemp -d /tmp/e2e-shim.XXXXXX)"
trap '"$HERE/stop.sh" "$RUN"; rm -rf "$RUN"' EXIT
if [ -n "$WS" ]; then WSARG=(--folder "$WS"); LWS="$WS"; else WSARG=(); LWS="$RUN/empty"; mkdir -p "$LWS"; fi
eval "$("$HERE/launch.sh" - "$LWS" "$RUN" 2>>"$RUN/launch.log")"
node "$HERE/run-ext-tests.mjs" --server "$CS_ORIGIN" "${DEV[@]}" --tests "$TESTS" "${WSARG[@]}" --timeout "${SHIM_TIMEOUT_S:-600}"
