# Shared by scripts/cluster/*.sh (sourced): logging, root, and Debian packages installed when missing.
# Set TAG before sourcing.
log() { printf '[cluster-%s] %s\n' "$TAG" "$*" >&2; }
fail() { printf '[cluster-%s] ERROR: %s\n' "$TAG" "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    fail "need root (or sudo) to run: $*"; fi
}

# apt_install PACKAGE FOUND_COMMAND: installs PACKAGE from Debian unless FOUND_COMMAND already succeeds.
apt_install() {
  local package=$1 found=$2
  "$found" >/dev/null 2>&1 && return
  command -v apt-get >/dev/null 2>&1 || fail "no $package found and no apt-get to install it: install it yourself"
  log "installing $package from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  # In containers without an init system the package's service start fails harmlessly: we run our own process.
  as_root apt-get install -y -qq "$package" >&2 || "$found" >/dev/null 2>&1 || fail "could not install $package"
}
