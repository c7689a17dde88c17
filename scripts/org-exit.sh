#!/usr/bin/env bash
# Removing a member from the channel once the chain shows it EXITED or EXPELLED (docs/contracts.md
# §6 rules 4–5). The remaining members prepare, sign and submit the update; the member that left
# stops its nodes and keeps its ledger, whose history stays verifiable (docs/operations.md).
#
# Usage: scripts/org-exit.sh STEP ...
#   prepare ORG MEMBER   MEMBER checks that the chain shows ORG EXITED or EXPELLED and prepares
#                        the config update removing ORG; prints its ID
#   finish ORG           the member that left: stops its processes; its ledger, keys and logs stay
# Between the two: scripts/config-update.sh sign ID MEMBER, then scripts/config-update.sh submit ID MEMBER.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/operator.sh
source "${ROOT_DIR}/scripts/lib/operator.sh"

usage() {
  log::usage "${BASH_SOURCE[0]}"
}

main() {
  local step=${1:-} org=${2:-}
  log::help_if_asked "${BASH_SOURCE[0]}" "${step}"
  require_org "${org}"
  case "${step}" in
    prepare)
      require_org "${3:-}"
      export LOG_PREFIX="[$3] "
      exit_prepare "$3" "${org}"
      ;;
    finish)
      export LOG_PREFIX="[${org}] "
      if channel_has_org "${org}"; then
        log::fatal "${org} is still in the channel config" "the remaining members submit its removal first: scripts/config-update.sh list"
      fi
      member_down "${org}"
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
