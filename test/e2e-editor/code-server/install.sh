#!/usr/bin/env bash
# Install code-server (a real VS Code, served to a browser) from the npm registry
# on a machine that reaches ONLY the npm registry and Debian's package mirror.
#
# Usage:  install.sh [PREFIX]
# (Adapted from the project's offline VS Code test recipe; `npm run test:e2e` calls it when code-server
#  is missing.)
#   PREFIX                 where to install (default: /tmp/e2e-cs)
# Env:
#   CODE_SERVER_VERSION    default 4.100.3 (the newest 4.x whose engines.node is 20;
#                          4.103+ want Node 22, 4.133+ Node 24)
#   SKIP_APT=1             do not apt-get install the Debian packages
#   WITH_BROWSER=0         do not install Debian's chromium (playwright-core is a devDependency)
#
# The only blocker on an offline-ish machine is @vscode/ripgrep's postinstall, which
# downloads rg from GitHub.  Its download code first looks for a cached tarball in
# $TMPDIR/vscode-ripgrep-cache-<pkgversion>/; we seed that cache with a tarball
# made from Debian's /usr/bin/rg, so the postinstall succeeds without network.
# Everything else (argon2, kerberos, node-pty, spdlog, ...) falls back to a
# node-gyp build when its prebuilt download fails, which needs the -dev packages below.
set -euo pipefail

PREFIX="${1:-${CS_HOME:-/tmp/e2e-cs}}"
VERSION="${CODE_SERVER_VERSION:-4.100.3}"
t0=$(date +%s)

installed="$PREFIX/node_modules/code-server/package.json"
if [ -f "$installed" ] && [ "$(node -p "require('$installed').version")" = "$VERSION" ] && command -v chromium >/dev/null; then
  echo "code-server@$VERSION is already installed in $PREFIX"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')

if [ "${SKIP_APT:-0}" != 1 ]; then
  pkgs="python3 make g++ pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep"
  [ "${WITH_BROWSER:-1}" = 1 ] && pkgs="$pkgs chromium fonts-dejavu-core"
  # shellcheck disable=SC2086
  if ! dpkg -s $pkgs >/dev/null 2>&1; then
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=600 $pkgs >/dev/null
  fi
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 1; }

mkdir -p "$PREFIX/tmp" "$PREFIX/pkg"
cd "$PREFIX"

# 1. Fetch the tarball first so we can read which @vscode/ripgrep it pins.
tgz=$(npm pack --silent --pack-destination "$PREFIX/pkg" "code-server@$VERSION" | tail -1)
rm -rf "$PREFIX/pkg/package" && tar xzf "$PREFIX/pkg/$tgz" -C "$PREFIX/pkg"
engine=$(node -p "require('$PREFIX/pkg/package/package.json').engines.node")
if [ "$engine" != "$node_major" ]; then
  if [ -z "${FORCE_NODE_VERSION:-}" ]; then
    echo "code-server@$VERSION declares engines.node=$engine but this is Node $node_major." >&2
    echo "Use CODE_SERVER_VERSION=4.100.3 on Node 20, or set FORCE_NODE_VERSION=$node_major to try anyway (unsupported, untested)." >&2
    exit 1
  fi
  echo "WARNING: FORCE_NODE_VERSION=$FORCE_NODE_VERSION overrides code-server's Node $engine requirement" >&2
fi
rgver=$(node -p "require('$PREFIX/pkg/package/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")

# 2. Find the asset name that @vscode/ripgrep@rgver would download, and seed its cache.
rgtgz=$(npm pack --silent --pack-destination "$PREFIX/pkg" "@vscode/ripgrep@$rgver" | tail -1)
mkdir -p "$PREFIX/pkg/rg" && tar xzf "$PREFIX/pkg/$rgtgz" -C "$PREFIX/pkg/rg"
rgtag=$(sed -n "s/^const VERSION = '\(.*\)';.*/\1/p" "$PREFIX/pkg/rg/package/lib/postinstall.js")
[ -n "$rgtag" ] || { echo "no VERSION found in @vscode/ripgrep@$rgver lib/postinstall.js: the cache trick needs updating" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) target=x86_64-unknown-linux-musl ;;
  aarch64) target=aarch64-unknown-linux-musl ;;
  *) echo "unsupported arch $(uname -m)" >&2; exit 1 ;;
esac
export TMPDIR="$PREFIX/tmp"
cache="$TMPDIR/vscode-ripgrep-cache-$rgver"
mkdir -p "$cache/stage"
cp "$(command -v rg)" "$cache/stage/rg"
tar czf "$cache/ripgrep-$rgtag-$target.tar.gz" -C "$cache/stage" rg
echo "seeded $cache/ripgrep-$rgtag-$target.tar.gz from $(command -v rg) ($(rg --version | head -1))"

# 3. Install.  --unsafe-perm is needed as root (the postinstall checks for it).
# node-pty's postinstall runs `npx node-gyp ...`; npx must be allowed to fetch node-gyp
# from the registry without a prompt (an npmrc with `yes=false` would cancel it).
export npm_config_yes=true
[ -f package.json ] || echo '{"name":"e2e-code-server","private":true}' > package.json
npm install --unsafe-perm --save-exact --no-audit --no-fund "code-server@$VERSION"

# (not `code-server --version`: any code-server invocation without --config writes
#  ~/.config/code-server/config.yaml)
echo "code-server $(node -p "require('$PREFIX/node_modules/code-server/package.json').version")," \
  "VS Code $(node -p "require('$PREFIX/node_modules/code-server/lib/vscode/package.json').version")"
ls -l "$PREFIX/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"

rm -rf "$PREFIX/pkg" "$TMPDIR"
echo "installed code-server@$VERSION in $PREFIX in $(( $(date +%s) - t0 ))s; size: $(du -sh "$PREFIX" | cut -f1)"
