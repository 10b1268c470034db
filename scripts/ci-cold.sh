#!/usr/bin/env bash
# CI as a new machine sees it: a fresh clone of this repository's HEAD, `bash .ci/run` with CI=true and HOME
# pointed at an empty folder (no npm cache or config, no ~/.cache/lockstep-e2e), outside any calling npm.
# Prints how long it took. Usage: bash scripts/ci-cold.sh [folder to clone into; default a new temp folder]
set -euo pipefail
source "$(dirname "$0")/lib/outside-npm.sh"
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
clone=${1:-$(mktemp -d -t lockstep-ci-cold.XXXXXX)}
home=$(mktemp -d -t lockstep-ci-home.XXXXXX)
git clone -q "$repo" "$clone"
echo "ci-cold: $(git -C "$clone" rev-parse --short HEAD) in $clone, HOME=$home"
start=$(date +%s)
status=0
(cd "$clone" && outside_npm env HOME="$home" CI=true bash .ci/run </dev/null) || status=$?
echo "ci-cold: exit $status after $(( $(date +%s) - start )) s"
exit "$status"
