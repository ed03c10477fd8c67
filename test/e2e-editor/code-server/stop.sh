#!/usr/bin/env bash
# Stop a code-server started by launch.sh:  stop.sh RUN_DIR
# Ends its process group (code-server, extension hosts, language servers) by id.
set -uo pipefail
RUN="${1:?usage: stop.sh RUN_DIR}"
PID="$(cat "$RUN/code-server.pid" 2>/dev/null)" || exit 0
kill -TERM -- "-$PID" 2>/dev/null || kill -TERM "$PID" 2>/dev/null || exit 0
for _ in $(seq 1 50); do kill -0 -- "-$PID" 2>/dev/null || exit 0; sleep 0.2; done
kill -KILL -- "-$PID" 2>/dev/null || true
