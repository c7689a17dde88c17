#!/usr/bin/env bash
# One member's operator: runs that member's own CA, orderer, peer, chaincode server and gateway,
# with its keys in its own folder (run/<org>/), as on its own host. What it hands the other
# members — its MSP definition, its nodes' TLS certificates, the genesis block — goes to the
# exchange folder (run/exchange/, or CERTLEDGER_EXCHANGE_DIR); see docs/operations.md.
#
# Usage: scripts/member.sh COMMAND ORG [ARGS]
#   up ORG [--no-monitoring]
#                 everything ORG can do on its own, in order: its CA and identities, its MSP
#                 definition published, its orderer, its peer on the channel, its chaincode server
#                 installed and the definition approved (committed once a majority approved), its
#                 gateway, and its monitoring (Prometheus, Alertmanager, exporters; left out with
#                 --no-monitoring). It stops, saying what is next, where it needs another member.
#   genesis ORG   ORG makes the channel's genesis block from the founders' published definitions
#   init ORG      ORG (the regulator) records the founders and the charter on chain
#   down ORG      stops ORG's processes (by PID file); its keys, ledgers and logs stay
#   status ORG    ORG's processes with their health, its orderer's Raft role, its peers' heights
#   stop ORG NAME / start ORG NAME
#                 stops or starts one of ORG's processes, e.g. 'stop cb1 peer-cb1'
#   clean ORG     down, then deletes ORG's folder and its published material
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/member.sh
source "${ROOT_DIR}/scripts/lib/member.sh"

usage() {
  log::usage "${BASH_SOURCE[0]}"
}

main() {
  local command=${1:-} org=${2:-}
  log::help_if_asked "${BASH_SOURCE[0]}" "${command}"
  require_org "${org}"
  export LOG_PREFIX="[${org}] "
  case "${command}" in
    up)
      case "${3:-}" in
        '') ;;
        --no-monitoring) export CERTLEDGER_MONITORING=0 ;;
        *) log::fatal "unknown option '$3' for up" "the only option is --no-monitoring" ;;
      esac
      member_up "${org}"
      ;;
    genesis) member_genesis "${org}" ;;
    init) member_init "${org}" ;;
    down) member_down "${org}" ;;
    status) member_status "${org}" ;;
    clean) member_clean "${org}" ;;
    stop)
      [[ -n "${3:-}" ]] || log::fatal "stop needs a process name" "use one of: $(member_processes "${org}" | tr '\n' ' ')"
      member_process_of "${org}" "$3"
      stop_process "$3"
      ;;
    start)
      [[ -n "${3:-}" ]] || log::fatal "start needs a process name" "use one of: $(member_processes "${org}" | tr '\n' ' ')"
      member_process_of "${org}" "$3"
      member_start_process "$3"
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
