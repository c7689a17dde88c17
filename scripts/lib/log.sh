#!/usr/bin/env bash
# Logging helpers shared by the operator scripts: every line goes to stderr with a time and a level.

log::_emit() {
  local level=$1
  shift
  printf '%s %-5s %s%s\n' "$(date -u +%H:%M:%S)" "${level}" "${LOG_PREFIX:-}" "$*" >&2
}

log::info() { log::_emit INFO "$@"; }
log::step() { log::_emit STEP "==> $*"; }
log::warn() { log::_emit WARN "$@"; }
log::error() { log::_emit ERROR "$@"; }

# log::fatal MESSAGE [FIX]: print what failed and, on its own line, what the operator should do.
log::fatal() {
  log::_emit FATAL "$1"
  if [[ $# -gt 1 ]]; then
    log::_emit FIX "$2"
  fi
  exit 1
}

# log::usage SCRIPT: the script's usage text, read from its own header comment: from the
# "# Usage:" line to the end of the header, without the leading "# ". One place, so a header
# edited never leaves a stale line range behind.
log::usage() {
  awk 'NR > 1 && !/^#/ { exit } /^# Usage:/ { show = 1 } show { sub(/^# ?/, ""); print }' "$1"
}

# log::help_if_asked SCRIPT COMMAND: with -h, --help or help, the usage and exit 0; with no
# command at all, the usage and exit 2; otherwise nothing.
log::help_if_asked() {
  case "$2" in
    -h | --help | help) log::usage "$1"; exit 0 ;;
    '') log::usage "$1"; exit 2 ;;
  esac
}
