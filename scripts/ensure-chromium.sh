#!/usr/bin/env bash
# The webview tests drive Debian's Chromium (/usr/bin/chromium) through playwright-core, which downloads no
# browser of its own. On a fresh machine (CI included; we run as root there) install it from apt first.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "ensure-chromium: /usr/bin/chromium is missing; installing Debian's chromium" >&2
apt-get update
apt-get install -y chromium
