#!/usr/bin/env bash
# A member's own nodes beyond its first peer and orderer (docs/contracts.md §6 rules 2–3). Peers
# are registered on chain by their owner; orderers become Raft consenters only under an APPROVED
# ADD_ORDERER proposal and leave only under an APPROVED REMOVE_ORDERER one, never below the
# charter's minimum. Nodes are listed in network/topology.json (.extraPeers, .extraOrderers).
#
# Usage: scripts/node.sh STEP ORG NAME [MEMBER]
#   add-peer ORG NAME            ORG's new peer: identities from ORG's CA, started, joined, the
#                                chaincode installed, caught up, registered on chain
#   remove-peer ORG NAME         taken out of service on chain (membership:removePeer), then
#                                stopped; its ledger is kept
#   orderer-proposal ORG NAME    ORG's new orderer's identities, and the ADD_ORDERER proposal body
#   add-orderer ORG NAME MEMBER  MEMBER checks the chain and prepares the consenter update; prints its ID
#   join-orderer ORG NAME        after the update is submitted: ORG starts the orderer and joins it
#                                with the latest config block; it replicates the channel
#   remove-orderer ORG NAME MEMBER
#                                MEMBER checks the chain (the orderer REMOVED under an APPROVED
#                                REMOVE_ORDERER proposal) and prepares the update; prints its ID
#   stop-orderer ORG NAME        after that update is submitted: stops it; its ledger is kept
# Updates are signed and submitted with scripts/config-update.sh.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/operator.sh
source "${ROOT_DIR}/scripts/lib/operator.sh"

usage() {
  log::usage "${BASH_SOURCE[0]}"
}

# require_extra ORG KIND NAME: NAME is one of ORG's later nodes in the topology (not its first).
require_extra() {
  local org=$1 kind=$2 name=$3
  [[ -n "${name}" ]] || log::fatal "no ${kind} named" "name one of ${org}'s .extra${kind^}s in ${TOPOLOGY}"
  node_spec "${org}" "${kind}" "${name}" >/dev/null
  if [[ "${name}" == "$(node_field "${org}" "${kind}" '' name)" ]]; then
    log::fatal "${name} is ${org}'s first ${kind}, which its gateway and the founding use" "name one of ${org}'s later ${kind}s"
  fi
}

# require_active ORG: the chain shows ORG ACTIVE (rules 2–3 act only for ACTIVE members).
require_active() {
  local status
  status=$(chain_member_status "$1" "$(org_field "$1" .mspId)")
  [[ "${status}" == ACTIVE ]] ||
    log::fatal "the chain shows $(org_field "$1" .mspId) as ${status:-not a member}; only an ACTIVE member adds nodes" "see scripts/org-join.sh status $1"
}

add_peer() {
  local org=$1 name=$2
  require_active "${org}"
  log::step "${org}: new peer ${name}"
  ca_issue_node "${org}" peer "${name}" "$(node_field "${org}" peer "${name}" host)"
  publish_definition "${org}"
  render_peer_config "${org}" "${name}"
  rm -f "$(peer_dir "${org}" "${name}")/retired"
  peer_start "${org}" "${name}"
  monitoring_refresh "${org}"
  peer_join_channel "${org}" "${name}"
  cc_install "${org}" "${name}"
  wait_for "$(peer_process "${org}" "${name}")" 120 peer_at_height "${org}" "${name}" ||
    log::fatal "$(peer_process "${org}" "${name}") did not catch up with $(peer_process "${org}")" "see its log"
  log::info "$(peer_process "${org}" "${name}") is at height $(peer_height "${org}" "${name}")"
  if chain_query "${org}" membership:getNode "$(jq -cn --arg n "${name}.${org}" '[$n]')" >/dev/null 2>&1; then
    log::info "${name}.${org} is already registered on chain"
  else
    register_peer_on_chain "${org}" "${name}"
  fi
}

# peer_at_height ORG NAME: the peer has at least the height of ORG's first peer.
peer_at_height() {
  local mine first
  mine=$(peer_height "$1" "$2") || return 1
  first=$(peer_height "$1") || return 1
  [[ -n "${mine}" && -n "${first}" ]] && ((mine >= first))
}

remove_peer() {
  local org=$1 name=$2 node answer status
  node=$(chain_query "${org}" membership:getNode "$(jq -cn --arg n "${name}.${org}" '[$n]')" 2>/dev/null || true)
  status=$(jq -r '.status // ""' <<<"${node:-{\}}")
  if [[ "${status}" == ACTIVE ]]; then
    log::step "${org}: taking ${name}.${org} out of service on chain"
    answer=$(cc_invoke "${org}" admin1 membership:removePeer "$(jq -cn --arg n "${name}.${org}" '[$n]')" 2>&1) ||
      log::fatal "the chain refused to remove ${name}.${org}: $(chain_error "${answer}")" "see docs/contracts.md §4.4"
    log::info "${name}.${org} is REMOVED on chain"
  else
    log::info "${name}.${org} is ${status:-not registered} on chain"
  fi
  stop_process "$(peer_process "${org}" "${name}")"
  retire_node "$(peer_dir "${org}" "${name}")"
  monitoring_refresh "${org}"
  log::info "stopped $(peer_process "${org}" "${name}"); its ledger stays in $(rel "$(peer_dir "${org}" "${name}")")"
}

orderer_proposal() {
  local org=$1 name=$2 dir
  require_active "${org}"
  ca_issue_node "${org}" orderer "${name}" "$(node_field "${org}" orderer "${name}" host)"
  publish_definition "${org}"
  dir=$(exchange_org_dir "${org}")
  jq -n --arg msp "$(org_field "${org}" .mspId)" --arg id "${name}.${org}" --arg at "$(orderer_address "${org}" "${name}")" \
    --rawfile tls "${dir}/nodes/${name}.crt" \
    '{type: "ADD_ORDERER", target: $msp, payload: {nodeId: $id, endpoint: $at, tlsCertPem: $tls}}'
}

join_orderer() {
  local org=$1 name=$2 host port work
  host=$(node_field "${org}" orderer "${name}" host)
  port=$(node_field "${org}" orderer "${name}" port)
  work=$(mktemp -d "$(org_dir "${org}")/update.XXXXXX")
  config_now "${org}" "${work}/config.json"
  grep -qx "${host}:${port}" <<<"$(cfg_consenters "${work}/config.json")" || {
    rm -rf "${work}"
    log::fatal "${host}:${port} is not a consenter of $(topo .channel) yet" "the members submit its add-orderer update first: scripts/config-update.sh list"
  }
  log::step "${org}: orderer ${name} joins $(topo .channel) with the latest config block"
  render_orderer_config "${org}" "${name}"
  rm -f "$(orderer_dir "${org}" "${name}")/retired"
  orderer_start "${org}" "${name}"
  monitoring_refresh "${org}"
  channel_fetch_config "${org}" "${work}/config.block" || log::fatal "could not fetch the config block" "see $(rel "$(org_log "${org}" channel-fetch)")"
  orderer_join_channel "${org}" "${name}" "${work}/config.block"
  rm -rf "${work}"
  wait_for "$(orderer_process "${org}" "${name}")" 120 orderer_is_consenter "${org}" "${name}" ||
    log::fatal "$(orderer_process "${org}" "${name}") did not become an active consenter" "see its log"
  log::info "$(orderer_process "${org}" "${name}") is an active consenter at height $(orderer_height "${org}" "${name}")"
}

# orderer_info ORG NAME: the orderer's own view of the channel (osnadmin channel list), JSON.
orderer_info() {
  osnadmin_for "$1" "$2" list --channelID "$(topo .channel)" 2>/dev/null | sed -n '/^{/,$p'
}

orderer_is_consenter() {
  orderer_info "$1" "$2" | jq -e '.consensusRelation == "consenter" and .status == "active"' >/dev/null
}

orderer_height() {
  orderer_info "$1" "$2" | jq -r .height
}

main() {
  local step=${1:-} org=${2:-} name=${3:-}
  log::help_if_asked "${BASH_SOURCE[0]}" "${step}"
  require_org "${org}"
  export LOG_PREFIX="[${org}] "
  case "${step}" in
    add-peer) require_extra "${org}" peer "${name}" && add_peer "${org}" "${name}" ;;
    remove-peer) require_extra "${org}" peer "${name}" && remove_peer "${org}" "${name}" ;;
    orderer-proposal) require_extra "${org}" orderer "${name}" && orderer_proposal "${org}" "${name}" ;;
    add-orderer)
      require_extra "${org}" orderer "${name}"
      require_org "${4:-}"
      LOG_PREFIX="[$4] " orderer_add_prepare "$4" "${org}" "${name}"
      ;;
    join-orderer) require_extra "${org}" orderer "${name}" && join_orderer "${org}" "${name}" ;;
    remove-orderer)
      node_spec "${org}" orderer "${name}" >/dev/null
      require_org "${4:-}"
      LOG_PREFIX="[$4] " orderer_remove_prepare "$4" "${org}" "${name}"
      ;;
    stop-orderer)
      require_extra "${org}" orderer "${name}"
      stop_process "$(orderer_process "${org}" "${name}")"
      retire_node "$(orderer_dir "${org}" "${name}")"
      monitoring_refresh "${org}"
      log::info "its ledger stays in $(rel "$(orderer_dir "${org}" "${name}")")"
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
