#!/usr/bin/env bash
# The local demo: every member of network/topology.json on this one machine, each on its own
# loopback address and with its own folder, driven through the per-member commands of
# scripts/member.sh exactly as each member's operator would run them on its own host.
#
# Usage: scripts/network.sh COMMAND
#   up [--no-monitoring]
#             from nothing (or from a stopped network) to every founder's CA, orderer, peer,
#             chaincode server, gateway and monitoring (docs/monitoring.md) running, the channel
#             joined and the chaincode committed; --no-monitoring leaves monitoring out
#   down      stop every member's processes (by PID file)
#   status    every member's processes with port and health, the Raft leader and block heights
#   clean     down, then delete all generated crypto, ledgers and logs (run/)
#   stop NAME / start NAME
#             stop or start one process, e.g. 'stop peer-regulator', 'start peer-regulator'
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/member.sh
source "${ROOT_DIR}/scripts/lib/member.sh"
MEMBER="${ROOT_DIR}/scripts/member.sh"

usage() {
  log::usage "${BASH_SOURCE[0]}"
}

# all_processes: every process of every member, in start order.
all_processes() {
  local org
  while read -r org; do member_processes "${org}"; done < <(org_names)
}

# on_founders COMMAND: runs 'scripts/member.sh COMMAND ORG' for every founder at once, as their
# operators would on their own hosts; fails when any of them failed.
on_founders() {
  local command=$1 org failed=0
  local -a pids=() orgs=()
  while read -r org; do
    "${MEMBER}" "${command}" "${org}" &
    pids+=($!)
    orgs+=("${org}")
  done < <(founder_names)
  local i
  for i in "${!pids[@]}"; do
    wait "${pids[i]}" || {
      log::error "scripts/member.sh ${command} ${orgs[i]} failed (its output is above)"
      failed=1
    }
  done
  return "${failed}"
}

regulator_name() { topo '.orgs[] | select(.role == "REGULATOR") | .name'; }

cmd_up() {
  local started=${SECONDS} org missing=0 name
  while read -r org; do
    while read -r name; do is_running "${name}" || missing=$((missing + 1)); done < <(member_processes "${org}")
  done < <(founder_names)
  if [[ ${missing} -eq 0 ]] && cc_query "$(regulator_name)" admin1 membership:getCharter '[]' >/dev/null 2>&1; then
    if monitoring_wanted; then
      while read -r org; do
        monitoring_enabled "${org}" || LOG_PREFIX="[${org}] " monitoring_up "${org}"
      done < <(founder_names)
    fi
    log::info "the network is already running (scripts/network.sh status shows it)"
    return
  fi
  ensure_prerequisites
  mkdir -p "${RUN_DIR}"
  cc_build
  export CERTLEDGER_CHAINCODE_BUILT=1

  log::step "Each founder: CA, identities, MSP definition published, orderer started"
  on_founders up || log::fatal "a founder could not start" "read its FATAL and FIX lines above"
  log::step "The first founder makes the channel's genesis block"
  "${MEMBER}" genesis "$(founder_names | head -n 1)"
  log::step "Each founder: orderer and peer join, chaincode installed and approved, gateway"
  on_founders up || log::fatal "a founder could not join" "read its FATAL and FIX lines above"
  log::info "Raft leader: orderer of $(raft_leader)"
  log::step "The regulator records the founders and the charter"
  "${MEMBER}" init "$(regulator_name)"
  log::step "Waiting until every founder's peer knows the others (gossip) and every gateway is ready"
  local others
  others=$(($(founder_names | wc -l) - 1))
  while read -r org; do
    wait_for "$(peer_process "${org}")" 120 peer_knows_peers "${org}" "${others}" ||
      log::fatal "the peer of ${org} does not see the other founders' peers" "see $(rel "$(log_file "$(peer_process "${org}")")") (gossip)"
    wait_for "$(gateway_process "${org}")" 120 gateway_ready "${org}" ||
      log::fatal "the gateway of ${org} is not ready" "see $(rel "$(log_file "$(gateway_process "${org}")")")"
  done < <(founder_names)

  log::step "Network up in $((SECONDS - started)) s"
  cmd_status
}

cmd_down() {
  local org
  local -a orgs=()
  mapfile -t orgs < <(org_names)
  local i
  # Members that joined later first, founders last.
  for ((i = ${#orgs[@]} - 1; i >= 0; i--)); do
    [[ -d "$(org_dir "${orgs[i]}")" ]] && LOG_PREFIX="[${orgs[i]}] " member_down "${orgs[i]}"
  done
  log::info "network stopped (ledgers and crypto kept in run/; 'clean' deletes them)"
}

cmd_clean() {
  cmd_down
  rm -rf "${RUN_DIR}"
  log::info "deleted run/ (crypto, ledgers, logs)"
}

cmd_status() {
  local org
  status_header
  while read -r org; do
    [[ -d "$(org_dir "${org}")" ]] && member_status_rows "${org}"
  done < <(org_names)
  local leader
  leader=$(raft_leader 2>/dev/null || true)
  echo "Raft leader: ${leader:+orderer of }${leader:-none (no orderer answers as leader of $(topo .channel))}"
  while read -r org; do
    if is_running "$(peer_process "${org}")"; then
      echo "block height on peer of ${org}: $(peer_height "${org}" || echo '?')"
    fi
  done < <(org_names)
}

main() {
  local command=${1:-}
  case "${command}" in
    up)
      case "${2:-}" in
        '') ;;
        --no-monitoring) export CERTLEDGER_MONITORING=0 ;;
        *) log::fatal "unknown option '$2' for up" "the only option is --no-monitoring" ;;
      esac
      cmd_up
      ;;
    down) cmd_down ;;
    status) cmd_status ;;
    clean) cmd_clean ;;
    stop)
      [[ -n "${2:-}" ]] || log::fatal "stop needs a process name" "use one of: $(all_processes | tr '\n' ' ')"
      stop_process "$2"
      ;;
    start)
      [[ -n "${2:-}" ]] || log::fatal "start needs a process name" "use one of: $(all_processes | tr '\n' ' ')"
      member_start_process "$2"
      ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
