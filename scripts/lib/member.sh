#!/usr/bin/env bash
# What one member's operator does for its own member (scripts/member.sh), and the libraries every
# operator script needs. Each function acts for the member it is given, with that member's keys.

ROOT_DIR=${ROOT_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=scripts/lib/env.sh
source "${ROOT_DIR}/scripts/lib/env.sh"
# shellcheck source=scripts/lib/render.sh
source "${ROOT_DIR}/scripts/lib/render.sh"
# shellcheck source=scripts/lib/ca.sh
source "${ROOT_DIR}/scripts/lib/ca.sh"
# shellcheck source=scripts/lib/nodes.sh
source "${ROOT_DIR}/scripts/lib/nodes.sh"
# shellcheck source=scripts/lib/channel-config.sh
source "${ROOT_DIR}/scripts/lib/channel-config.sh"
# shellcheck source=scripts/lib/channel.sh
source "${ROOT_DIR}/scripts/lib/channel.sh"
# shellcheck source=scripts/lib/chaincode.sh
source "${ROOT_DIR}/scripts/lib/chaincode.sh"
# shellcheck source=scripts/lib/gateway.sh
source "${ROOT_DIR}/scripts/lib/gateway.sh"
# shellcheck source=scripts/lib/monitoring.sh
source "${ROOT_DIR}/scripts/lib/monitoring.sh"

# is_founder ORG
is_founder() {
  # shellcheck disable=SC2016 # a jq program: $org and $msp are jq's variables
  [[ "$(topo '.orgs[] | select(.name == $org) | .founder != false' --arg org "$1")" == true ]]
}

# extra_nodes ORG KIND: the names of ORG's later peers or orderers that have a folder (were added).
extra_nodes() {
  local org=$1 kind=$2 name extra=extraPeers
  [[ "${kind}" == orderer ]] && extra=extraOrderers
  while read -r name; do
    [[ -d "$(org_dir "${org}")/${kind}s/${name}" ]] && echo "${name}"
  done < <(topo ".orgs[] | select(.name == \$org) | .${extra} // [] | .[].name" --arg org "${org}")
}

# member_processes ORG: the process names of ORG, in start order.
member_processes() {
  local org=$1 name
  ca_process "${org}"
  if has_orderer "${org}"; then
    orderer_process "${org}"
  fi
  while read -r name; do orderer_process "${org}" "${name}"; done < <(extra_nodes "${org}" orderer)
  peer_process "${org}"
  while read -r name; do peer_process "${org}" "${name}"; done < <(extra_nodes "${org}" peer)
  cc_processes "${org}"
  gateway_process "${org}"
  monitoring_processes "${org}"
}

# member_process_of ORG NAME: NAME is one of ORG's processes, or the script stops.
member_process_of() {
  grep -qx "$2" <<<"$(member_processes "$1")" ||
    log::fatal "$2 is not a process of $1" "use one of: $(member_processes "$1" | tr '\n' ' ')"
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

# member_identities ORG: ORG's CA running, every identity issued, its definition published.
member_identities() {
  local org=$1
  mkdir -p "$(org_dir "${org}")"
  # A folder made before the scripts set umask 077 is made private too.
  chmod -R go-rwx "$(org_dir "${org}")"
  log::step "${org}: certificate authority and identities"
  ca_start "${org}"
  ca_issue_identities "${org}"
  publish_definition "${org}"
}

# member_up ORG: see scripts/member.sh.
member_up() {
  local org=$1 started=${SECONDS}
  ensure_prerequisites
  member_identities "${org}"

  if has_orderer "${org}"; then
    log::step "${org}: orderer"
    render_orderer_config "${org}"
    orderer_start "${org}"
  fi
  if [[ ! -s "$(channel_block)" ]]; then
    if is_founder "${org}"; then
      log::info "next: one founder makes the genesis block (scripts/member.sh genesis ORG) once every founder has published its definition; then run 'scripts/member.sh up ${org}' again"
    else
      log::info "next: get the channel's genesis block from a member into $(rel "$(channel_block)"), then see docs/operations.md \"Join a member\""
    fi
    return
  fi
  if has_orderer "${org}" && is_founder "${org}"; then
    orderer_join_channel "${org}"
  fi

  log::step "${org}: peer"
  render_peer_config "${org}"
  peer_start "${org}"
  if ! peer_on_channel "${org}" && ! is_founder "${org}" && ! channel_has_org "${org}"; then
    log::info "${org} is not in the channel config yet: the members admit it first (scripts/org-join.sh, docs/operations.md \"Join a member\"); then run 'scripts/member.sh up ${org}' again"
    return
  fi
  peer_join_channel "${org}"
  wait_for "$(peer_process "${org}")" 120 peer_caught_up "${org}" ||
    log::fatal "$(peer_process "${org}") did not reach the ordering service's height" "see $(rel "$(log_file "$(peer_process "${org}")")")"

  log::step "${org}: chaincode $(cc_name) as a service"
  [[ -n "${CERTLEDGER_CHAINCODE_BUILT:-}" ]] || cc_build
  cc_member_deploy "${org}"

  log::step "${org}: REST gateway"
  gateway_start "${org}"
  if monitoring_wanted; then
    monitoring_up "${org}"
  else
    log::info "${org}: monitoring left out (--no-monitoring); 'scripts/member.sh up ${org}' without it starts it"
  fi
  log::step "${org}: up in $((SECONDS - started)) s"
}

# orderers_height ORG: the channel's height at the ordering service ORG sends to: one more than
# its newest block's number (its "Received block: N" line is logged at info).
orderers_height() {
  local org=$1 work target=''
  work=$(mktemp -d "$(org_dir "${org}")/channel.XXXXXX")
  local -a orderer=()
  mapfile -t orderer < <(orderer_args "${org}")
  if peer_as_admin "${org}" env FABRIC_LOGGING_SPEC=info peer channel fetch newest "${work}/newest.block" \
    -c "$(topo .channel)" "${orderer[@]}" >"${work}/fetch.log" 2>&1; then
    target=$(sed -n 's/.*Received block: \([0-9]*\).*/\1/p' "${work}/fetch.log" | tail -n 1)
  fi
  rm -rf "${work}"
  [[ -n "${target}" ]] || return 1
  echo $((target + 1))
}

# peer_caught_up ORG: ORG's first peer has every block the ordering service has.
peer_caught_up() {
  local org=$1 height target
  height=$(peer_height "${org}") || return 1
  target=$(orderers_height "${org}") || return 1
  [[ "${height}" -ge "${target}" ]]
}

member_genesis() {
  local org=$1
  is_founder "${org}" || log::fatal "${org} is not a founder" "the genesis block is made by a founder of ${TOPOLOGY}"
  channel_create_block "${org}"
}

member_init() {
  local org=$1
  [[ "$(org_field "${org}" .role)" == REGULATOR ]] ||
    log::fatal "${org} is not the regulator" "membership:initConsortium is run by the regulator's admin"
  wait_for "$(cc_process "${org}")" 120 cc_answering "${org}" ||
    log::fatal "the chaincode does not answer on ${org}'s peer" "is the definition committed? scripts/member.sh status ${org}"
  cc_init_consortium "${org}"
}

member_down() {
  local org=$1 i
  local -a names=()
  mapfile -t names < <(member_processes "${org}")
  # Reverse start order; every process is asked to stop first, then each is waited for.
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do signal_process "${names[i]}"; done
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do stop_process "${names[i]}"; done
  log::info "${org} stopped (its ledgers, keys and logs are kept in $(rel "$(org_dir "${org}")"))"
}

member_clean() {
  local org=$1
  member_down "${org}"
  rm -rf "$(org_dir "${org}")" "$(exchange_org_dir "${org}")"
  log::info "deleted $(rel "$(org_dir "${org}")") and $(rel "$(exchange_org_dir "${org}")")"
}

# process_parts NAME: "KIND ORG NODE" of a process name KIND-ORG[-NODE] (NODE empty for a
# member's first node, or the slot of a chaincode server).
process_parts() {
  local name=$1 org kind node
  org=$(process_org "${name}")
  kind=${name%%-*}
  node=${name#"${kind}-${org}"}
  echo "${kind} ${org} ${node#-}"
}

# member_start_process NAME: restarts one stopped process with its existing configuration.
member_start_process() {
  local name=$1 org kind node
  read -r kind org node < <(process_parts "${name}")
  case "${kind}" in
    ca) ca_start "${org}" ;;
    orderer) orderer_start "${org}" "${node}" ;;
    peer) peer_start "${org}" "${node}" ;;
    chaincode) cc_start_slot "${org}" "${node:-a}" ;;
    gateway) gateway_start "${org}" ;;
    receiver | alertmanager | exporter | prometheus) monitoring_start_process "${name}" ;;
    *) log::fatal "unknown process ${name}" "use one of: $(member_processes "${org}" | tr '\n' ' ')" ;;
  esac
}

# health_of NAME: the health of one process from its operations endpoint (or port).
health_of() {
  local name=$1 org kind node
  read -r kind org node < <(process_parts "${name}")
  case "${kind}" in
    ca) healthz_ok "$(org_field "${org}" .ca.host):$(org_field "${org}" .ca.operationsPort)" && echo healthy || echo unhealthy ;;
    orderer | peer)
      healthz_ok "$(node_field "${org}" "${kind}" "${node}" host):$(node_field "${org}" "${kind}" "${node}" operationsPort)" \
        "$(org_dir "${org}")/${kind}s/$(node_field "${org}" "${kind}" "${node}" name)/tls/ca.crt" && echo healthy || echo unhealthy
      ;;
    chaincode) (exec 3<>"/dev/tcp/$(org_field "${org}" .chaincode.host)/$(cc_slot_port "${org}" "${node:-a}")") 2>/dev/null && echo listening || echo "not listening" ;;
    gateway) gateway_ready "${org}" && echo ready || echo "not ready" ;;
    *) monitoring_health "${name}" ;;
  esac
}

endpoint_of() {
  local name=$1 org kind node
  read -r kind org node < <(process_parts "${name}")
  case "${kind}" in
    ca) echo "$(org_field "${org}" .ca.host):$(org_field "${org}" .ca.port) ops :$(org_field "${org}" .ca.operationsPort)" ;;
    orderer) echo "$(orderer_address "${org}" "${node}") admin :$(node_field "${org}" orderer "${node}" adminPort) ops :$(node_field "${org}" orderer "${node}" operationsPort)" ;;
    peer) echo "$(peer_address "${org}" "${node}") ops :$(node_field "${org}" peer "${node}" operationsPort)" ;;
    chaincode) echo "$(org_field "${org}" .chaincode.host):$(cc_slot_port "${org}" "${node:-a}") $(cc_slot_field "${org}" "${node:-a}" version)" ;;
    gateway) echo "http://$(gateway_address "${org}") metrics, docs http://$(gateway_metrics_address "${org}")" ;;
    *) monitoring_endpoint "${name}" ;;
  esac
}

# member_status_rows ORG: one line per process of ORG (no header).
member_status_rows() {
  local name pid state health
  while read -r name; do
    pid=-
    state=stopped
    health=-
    if is_running "${name}"; then
      pid=$(cat "$(pid_file "${name}")")
      state=running
      health=$(health_of "${name}")
    fi
    printf '%-28s %-8s %-9s %-11s %s\n' "${name}" "${pid}" "${state}" "${health}" "$(endpoint_of "${name}")"
  done < <(member_processes "$1")
}

status_header() {
  printf '%-28s %-8s %-9s %-11s %s\n' PROCESS PID STATE HEALTH ENDPOINT
}

# member_heights ORG: the Raft role of ORG's orderers and the block height of its peers.
member_heights() {
  local org=$1 name
  if has_orderer "${org}" && is_running "$(orderer_process "${org}")"; then
    if orderer_is_leader "${org}"; then
      echo "orderer of ${org}: Raft leader of $(topo .channel)"
    else
      echo "orderer of ${org}: Raft follower (or not on $(topo .channel))"
    fi
  fi
  for name in "" $(extra_nodes "${org}" peer); do
    if is_running "$(peer_process "${org}" "${name}")"; then
      echo "block height on $(peer_process "${org}" "${name}"): $(peer_height "${org}" "${name}" || echo '?')"
    fi
  done
}

member_status() {
  status_header
  member_status_rows "$1"
  member_heights "$1"
}
