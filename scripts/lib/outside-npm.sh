# Sourced by scripts that install packages of their own (scripts/e2e-setup.sh). `npm run` exports its own state
# to its children: npm_config_* (user agent, nodedir, cache, prefix…), npm_package_*, npm_lifecycle_*,
# npm_execpath, NODE, INIT_CWD, …, and puts its bin folders first on PATH. A nested `npm install` would inherit
# all of it — code-server's postinstall reads the Node version from npm_config_user_agent and refuses to run —
# so such an install runs through `outside_npm`, in the environment the user had before npm started.

# Runs "$@" without any variable the calling npm set, and with PATH minus the folders it prepended. How to reach
# the registry (registry, proxies, CA) is kept: it is the user's choice, and the nested install needs it too.
outside_npm() {
  local -a unset_args=()
  local name
  while IFS= read -r name; do
    case "${name,,}" in
      npm_config_registry|npm_config_cafile|npm_config_ca|npm_config_proxy|npm_config_https_proxy|\
        npm_config_noproxy|npm_config_strict_ssl) ;;
      npm_*|init_cwd|node) unset_args+=(-u "$name") ;;
    esac
  done < <(compgen -e)
  env "${unset_args[@]}" PATH="$(path_outside_npm)" "$@"
}

# PATH without node_modules/.bin folders and npm's node-gyp shim (what `npm run` puts in front).
path_outside_npm() {
  local entry kept=""
  local IFS=:
  for entry in $PATH; do
    case "$entry" in
      */node_modules/.bin|*/@npmcli/run-script/lib/node-gyp-bin) ;;
      *) kept="${kept:+$kept:}$entry" ;;
    esac
  done
  printf '%s' "$kept"
}
