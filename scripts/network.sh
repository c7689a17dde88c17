#!/usr/bin/env bash
# The operator's entry point for the local consortium described by network/topology.json.
#
# Usage: scripts/network.sh COMMAND
#   up        from nothing (or from a stopped network) to every CA, orderer, peer and chaincode
#             server running, the channel joined and the chaincode committed and answering
#   down      stop exactly the processes this script started (by PID file)
#   status    every process with its port and health, the Raft leader and block heights
#   clean     down, then delete all generated crypto, ledgers and logs (run/)
#   stop NODE / start NODE
#             stop or start one process, e.g. 'stop peer-regulator', 'start peer-regulator'
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/env.sh
source "${ROOT_DIR}/scripts/lib/env.sh"
# shellcheck source=scripts/lib/render.sh
source "${ROOT_DIR}/scripts/lib/render.sh"
# shellcheck source=scripts/lib/ca.sh
source "${ROOT_DIR}/scripts/lib/ca.sh"
# shellcheck source=scripts/lib/nodes.sh
source "${ROOT_DIR}/scripts/lib/nodes.sh"
# shellcheck source=scripts/lib/chaincode.sh
source "${ROOT_DIR}/scripts/lib/chaincode.sh"
# shellcheck source=scripts/lib/gateway.sh
source "${ROOT_DIR}/scripts/lib/gateway.sh"

usage() {
  sed -n '3,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# all_processes: every process name of the topology, in start order.
all_processes() {
  local org
  while read -r org; do ca_process "${org}"; done < <(org_names)
  while read -r org; do orderer_process "${org}"; done < <(org_names)
  while read -r org; do peer_process "${org}"; done < <(org_names)
  while read -r org; do cc_process "${org}"; done < <(org_names)
  while read -r org; do gateway_process "${org}"; done < <(org_names)
}

ensure_prerequisites() {
  require_command jq "run scripts/install-fabric.sh (it installs jq), or apt-get install jq"
  require_command curl "apt-get install curl"
  if [[ ! -x "${FABRIC_BIN}/peer" || ! -x "${FABRIC_BIN}/fabric-ca-server" || ! -f "${FABRIC_SAMPLE_CONFIG}/core.yaml" ]]; then
    log::step "Fabric binaries are missing: running scripts/install-fabric.sh"
    "${ROOT_DIR}/scripts/install-fabric.sh"
  fi
  if [[ ! -d "${ROOT_DIR}/node_modules/fabric-contract-api" ]]; then
    log::step "Installing npm packages (npm ci)"
    (cd "${ROOT_DIR}" && npm ci --no-audit --no-fund) >&2
  fi
}

cmd_up() {
  local started=${SECONDS} org missing=0 name
  while read -r name; do is_running "${name}" || missing=$((missing + 1)); done < <(all_processes)
  if [[ ${missing} -eq 0 ]]; then
    log::info "the network is already running; nothing changed (scripts/network.sh status shows it)"
    return
  fi
  ensure_prerequisites
  mkdir -p "${RUN_DIR}" "${LOG_DIR}" "${PID_DIR}"
  # A run/ folder made before the scripts set umask 077 is made private too.
  chmod -R go-rwx "${RUN_DIR}"

  log::step "Certificate authorities and identities"
  while read -r org; do
    ca_start "${org}"
    ca_issue_identities "${org}"
  done < <(org_names)

  log::step "Orderers (Raft across every member)"
  while read -r org; do
    render_orderer_config "${org}"
    orderer_start "${org}"
  done < <(org_names)
  channel_create_block
  while read -r org; do orderer_join_channel "${org}"; done < <(org_names)
  wait_for "$(orderer_process "$(org_names | head -n 1)")" 60 raft_has_leader
  log::info "Raft leader: orderer of $(raft_leader)"

  log::step "Peers"
  while read -r org; do
    render_peer_config "${org}"
    peer_start "${org}"
    peer_join_channel "${org}"
  done < <(org_names)

  log::step "Chaincode $(cc_name) as a service"
  cc_deploy
  cc_init_consortium

  log::step "REST gateways"
  while read -r org; do gateway_start "${org}"; done < <(org_names)

  log::step "Network up in $((SECONDS - started)) s"
  cmd_status
}

cmd_down() {
  local -a names=()
  mapfile -t names < <(all_processes)
  local i
  # Reverse start order: chaincode servers and peers before orderers and CAs. Every process is
  # asked to stop first, then each is waited for, so shutdowns overlap.
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do signal_process "${names[i]}"; done
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do stop_process "${names[i]}"; done
  log::info "network stopped (ledgers and crypto kept in run/; 'clean' deletes them)"
}

cmd_clean() {
  cmd_down
  rm -rf "${RUN_DIR}"
  log::info "deleted run/ (crypto, ledgers, logs)"
}

# health_of NAME: the health of one process from its operations endpoint (or port).
health_of() {
  local name=$1 org=${1#*-} kind=${1%%-*}
  case "${kind}" in
    ca) healthz_ok "$(org_field "${org}" .ca.host):$(org_field "${org}" .ca.operationsPort)" && echo healthy || echo unhealthy ;;
    orderer) healthz_ok "$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.operationsPort)" "$(orderer_ca "${org}")" && echo healthy || echo unhealthy ;;
    peer) healthz_ok "$(org_field "${org}" .peer.host):$(org_field "${org}" .peer.operationsPort)" "$(peer_dir "${org}")/tls/ca.crt" && echo healthy || echo unhealthy ;;
    chaincode) (exec 3<>"/dev/tcp/$(org_field "${org}" .chaincode.host)/$(org_field "${org}" .chaincode.port)") 2>/dev/null && echo listening || echo "not listening" ;;
    gateway) gateway_ready "${org}" && echo ready || echo "not ready" ;;
  esac
}

endpoint_of() {
  local org=${1#*-} kind=${1%%-*}
  case "${kind}" in
    ca) echo "$(org_field "${org}" .ca.host):$(org_field "${org}" .ca.port) ops :$(org_field "${org}" .ca.operationsPort)" ;;
    orderer) echo "$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.port) admin :$(org_field "${org}" .orderer.adminPort) ops :$(org_field "${org}" .orderer.operationsPort)" ;;
    peer) echo "$(org_field "${org}" .peer.host):$(org_field "${org}" .peer.port) ops :$(org_field "${org}" .peer.operationsPort)" ;;
    chaincode) echo "$(org_field "${org}" .chaincode.host):$(org_field "${org}" .chaincode.port)" ;;
    gateway) echo "http://$(gateway_address "${org}") (docs /docs)" ;;
  esac
}

cmd_status() {
  local name pid state health org
  printf '%-22s %-8s %-9s %-11s %s\n' PROCESS PID STATE HEALTH ENDPOINT
  while read -r name; do
    pid=-
    state=stopped
    health=-
    if is_running "${name}"; then
      pid=$(cat "$(pid_file "${name}")")
      state=running
      health=$(health_of "${name}")
    fi
    printf '%-22s %-8s %-9s %-11s %s\n' "${name}" "${pid}" "${state}" "${health}" "$(endpoint_of "${name}")"
  done < <(all_processes)
  local leader
  leader=$(raft_leader 2>/dev/null || true)
  echo "Raft leader: ${leader:+orderer of }${leader:-none (no orderer answers as leader of $(topo .channel))}"
  while read -r org; do
    if is_running "$(peer_process "${org}")"; then
      echo "block height on peer of ${org}: $(peer_height "${org}" || echo '?')"
    fi
  done < <(org_names)
}

# cmd_start_node NAME: restarts one stopped process with its existing configuration.
cmd_start_node() {
  local name=$1 org=${1#*-} kind=${1%%-*}
  case "${kind}" in
    ca) ca_start "${org}" ;;
    orderer) orderer_start "${org}" ;;
    peer) peer_start "${org}" ;;
    chaincode) cc_start_server "${org}" ;;
    gateway) gateway_start "${org}" ;;
    *) log::fatal "unknown process ${name}" "use one of: $(all_processes | tr '\n' ' ')" ;;
  esac
}

main() {
  local command=${1:-}
  case "${command}" in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    clean) cmd_clean ;;
    stop)
      [[ -n "${2:-}" ]] || log::fatal "stop needs a process name" "use one of: $(all_processes | tr '\n' ' ')"
      stop_process "$2"
      ;;
    start)
      [[ -n "${2:-}" ]] || log::fatal "start needs a process name" "use one of: $(all_processes | tr '\n' ' ')"
      cmd_start_node "$2"
      ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
