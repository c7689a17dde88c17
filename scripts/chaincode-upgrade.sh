#!/usr/bin/env bash
# The governed chaincode upgrade, in place (docs/contracts.md §6 rule 6; docs/operations.md
# "Upgrade the chaincode"): a member approves a new definition only for the code digest an
# APPROVED APPROVE_CHAINCODE proposal names at the next sequence, and only when its own running
# server reports that digest. Each member rolls its own server: the new build starts in the other
# slot of its chaincode server while the old one keeps serving the committed definition, so writes
# go on; the definition is committed once a majority has approved.
#
# Usage: scripts/chaincode-upgrade.sh STEP ORG [--build DIR]
#   proposal ORG [--build DIR]  the APPROVE_CHAINCODE body for the build (this checkout's unless
#                               DIR, a folder with dist/chaincode, is given) at the next sequence
#   serve ORG [--build DIR]     ORG starts the build in its other slot and installs its package
#   approve ORG                 ORG approves the next definition for the digest its new server
#                               reports, if the chain approved that digest; commits once a
#                               majority of members have approved
#   finish ORG                  once the new definition is committed: ORG stops its old server
#   status ORG                  the committed definition, ORG's slots and the digest each reports
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/operator.sh
source "${ROOT_DIR}/scripts/lib/operator.sh"

usage() {
  log::usage "${BASH_SOURCE[0]}"
}

# build_dir DIR: the build to upgrade to: DIR, or this checkout's (built first).
build_dir() {
  if [[ -n "$1" ]]; then
    [[ -d "$1/dist/chaincode" ]] || log::fatal "no chaincode build in $1" "give a folder holding dist/chaincode (npm run build makes one)"
    (cd "$1" && pwd)
  else
    cc_build >&2
    echo "${ROOT_DIR}"
  fi
}

# next_sequence ORG VERSION: the sequence the upgrade commits: the committed one when VERSION is
# already committed (a member approving late), else the one after.
next_sequence() {
  local org=$1 version=$2 committed
  committed=$(cc_committed_sequence "${org}")
  if [[ "$(cc_committed_version "${org}")" == "${version}" ]]; then
    echo "${committed}"
  else
    echo $((committed + 1))
  fi
}

# chain_approval ORG DIGEST SEQUENCE: the chain's answer to isChaincodeApproved, JSON. A member
# that has not approved the committed definition yet cannot run the chaincode on its own peer, so
# it then asks another member's peer (as itself: any member may read this).
chain_approval() {
  local org=$1 args other answer
  args=$(jq -cn --arg d "$2" --arg s "$3" '[$d, $s]')
  if answer=$(chain_query "${org}" membership:isChaincodeApproved "${args}" 2>&1); then
    echo "${answer}"
    return
  fi
  while read -r other; do
    [[ "${other}" == "${org}" ]] && continue
    if answer=$(cc_query_on "${org}" admin1 "${other}" membership:isChaincodeApproved "${args}" 2>&1); then
      echo "${answer}"
      return
    fi
  done < <(founder_names)
  echo "${answer}"
  return 1
}

# approved_by_org ORG SEQUENCE VERSION: ORG's own approval of the definition at SEQUENCE is VERSION.
approved_by_org() {
  peer_as_admin "$1" peer lifecycle chaincode queryapproved -C "$(topo .channel)" -n "$(cc_name)" \
    --sequence "$2" --output json 2>/dev/null | jq -e --arg v "$3" '.version == $v' >/dev/null
}

# digest_reported ORG SLOT: the server of SLOT has reported its code digest.
digest_reported() {
  [[ -n "$(cc_served_digest "$1" "$2")" ]]
}

upgrade_proposal() {
  local org=$1 build digest version
  build=$(build_dir "$2")
  digest=$(cc_digest_of "${build}")
  version=$(cc_version_of "${digest}")
  jq -n --arg d "${digest}" --arg v "${version}" --argjson s "$(next_sequence "${org}" "${version}")" \
    '{type: "APPROVE_CHAINCODE", payload: {codeDigest: $d, sequence: $s, version: $v}}'
}

upgrade_serve() {
  local org=$1 build staged digest version slot peer
  build=$(build_dir "$2")
  digest=$(cc_digest_of "${build}")
  version=$(cc_version_of "${digest}")
  if [[ "$(cc_slot_field "${org}" "$(cc_current_slot "${org}")" digest)" == "${digest}" ]]; then
    log::info "${org}'s current server already runs ${digest}; nothing to serve"
    return
  fi
  slot=$(cc_other_slot "$(cc_current_slot "${org}")")
  log::step "${org}: serving build ${digest:0:12}… (version ${version}) in slot ${slot}, beside the server of the committed definition"
  render_collections "$(cc_dir "${org}")/collections.json"
  staged=$(cc_stage_build "${org}" "${build}")
  cc_serve "${org}" "${slot}" "${staged}" "${version}"
  cc_install "${org}" "" "${slot}"
  for peer in $(extra_nodes "${org}" peer); do
    is_running "$(peer_process "${org}" "${peer}")" && cc_install "${org}" "${peer}" "${slot}"
  done
  wait_for "$(cc_slot_process "${org}" "${slot}")" 60 digest_reported "${org}" "${slot}" ||
    log::fatal "the new server reported no code digest" "see $(rel "$(log_file "$(cc_slot_process "${org}" "${slot}")")")"
  log::info "${org}: the new server reports code digest $(cc_served_digest "${org}" "${slot}")"
  log::info "next: scripts/chaincode-upgrade.sh approve ${org}"
}

upgrade_approve() {
  local org=$1 slot digest reported version sequence answer
  slot=$(cc_other_slot "$(cc_current_slot "${org}")")
  if [[ -z "$(cc_slot_field "${org}" "${slot}" build)" ]]; then
    # no new build beside the current one: the current server may run a committed definition
    # this member has not approved yet (it approves it late)
    slot=$(cc_current_slot "${org}")
    version=$(cc_slot_field "${org}" "${slot}" version)
    if [[ "$(cc_committed_version "${org}")" != "${version}" ]] || approved_by_org "${org}" "$(cc_committed_sequence "${org}")" "${version}"; then
      log::fatal "${org} serves no new build beside its current server" "serve it first: scripts/chaincode-upgrade.sh serve ${org} [--build DIR]"
    fi
  fi
  reported=$(cc_served_digest "${org}" "${slot}")
  [[ -n "${reported}" ]] ||
    log::fatal "${org}'s new server ($(cc_slot_process "${org}" "${slot}")) is not running or has reported no code digest" \
      "start it: scripts/chaincode-upgrade.sh serve ${org} [--build DIR]; see $(rel "$(log_file "$(cc_slot_process "${org}" "${slot}")")")"
  digest=$(cc_slot_field "${org}" "${slot}" digest)
  version=$(cc_slot_field "${org}" "${slot}" version)
  [[ "${reported}" == "${digest}" ]] ||
    log::fatal "refused: ${org}'s new server reports code digest ${reported}, not the ${digest} of the build it was given" \
      "serve the build again: scripts/chaincode-upgrade.sh serve ${org} --build DIR"
  sequence=$(next_sequence "${org}" "${version}")
  log::step "${org}: checking the chain for an APPROVED APPROVE_CHAINCODE of digest ${reported} at sequence ${sequence}"
  if ! answer=$(chain_approval "${org}" "${reported}" "${sequence}" 2>&1) || [[ "$(jq -r .approved <<<"${answer}")" != true ]]; then
    log::fatal "refused: the chain holds no APPROVED APPROVE_CHAINCODE proposal for code digest ${reported} at sequence ${sequence} (the digest ${org}'s new server reports)$([[ "${answer}" == \{* ]] || echo ": $(chain_error "${answer}")")" \
      "a member proposes it — scripts/chaincode-upgrade.sh proposal ${org} prints the body: {\"type\":\"APPROVE_CHAINCODE\",\"payload\":{\"codeDigest\":\"${reported}\",\"sequence\":${sequence},\"version\":\"${version}\"}} — and the members approve it"
  fi
  log::info "${org}: proposal $(jq -r .proposalId <<<"${answer}") approved digest ${reported} at sequence ${sequence}"
  cc_approve "${org}" "${version}" "${sequence}" "${slot}"
  if [[ "$(cc_committed_sequence "${org}")" -lt "${sequence}" ]]; then
    cc_commit_when_ready "${org}" "${version}" "${sequence}"
  fi
  if [[ "$(cc_committed_sequence "${org}")" -ge "${sequence}" ]]; then
    log::info "definition ${version} (sequence ${sequence}) is committed; next: scripts/chaincode-upgrade.sh finish ${org}"
  fi
}

upgrade_finish() {
  local org=$1 current slot version
  current=$(cc_current_slot "${org}")
  slot=$(cc_other_slot "${current}")
  version=$(cc_slot_field "${org}" "${slot}" version)
  if [[ -z "${version}" ]]; then
    log::info "${org} has no upgrade in progress; its server runs $(cc_slot_field "${org}" "${current}" version)"
    return
  fi
  if [[ "$(cc_committed_version "${org}")" != "${version}" ]]; then
    log::fatal "the channel has not committed ${version} yet (it runs $(cc_committed_version "${org}"))" \
      "a majority of members approves first: scripts/chaincode-upgrade.sh approve ORG on each"
  fi
  approved_by_org "${org}" "$(cc_committed_sequence "${org}")" "${version}" ||
    log::fatal "${org} has not approved ${version} itself: its peer cannot run the new definition yet" \
      "approve it first: scripts/chaincode-upgrade.sh approve ${org}"
  log::step "${org}: the channel runs ${version}; stopping the old server ($(cc_slot_process "${org}" "${current}"))"
  echo "${slot}" >"$(cc_dir "${org}")/current"
  stop_process "$(cc_slot_process "${org}" "${current}")"
  rm -f "$(cc_dir "${org}")/slots/${current}.json"
  log::info "${org} serves ${version} from slot ${slot} ($(cc_slot_process "${org}" "${slot}"))"
}

upgrade_status() {
  local org=$1 slot
  echo "committed: $(cc_committed_version "${org}") (sequence $(cc_committed_sequence "${org}"))"
  for slot in a b; do
    [[ -n "$(cc_slot_field "${org}" "${slot}" version)" ]] || continue
    echo "slot ${slot}$([[ "${slot}" == "$(cc_current_slot "${org}")" ]] && echo ' (current)'): $(cc_slot_process "${org}" "${slot}") version $(cc_slot_field "${org}" "${slot}" version), reports digest $(cc_served_digest "${org}" "${slot}")"
  done
  echo "the chaincode answers on ${org}'s peer: $(chain_query "${org}" membership:codeDigest '[]' 2>/dev/null | jq -c . || echo 'no answer')"
}

main() {
  local step=${1:-} org=${2:-} build=''
  log::help_if_asked "${BASH_SOURCE[0]}" "${step}"
  require_org "${org}"
  if [[ "${3:-}" == --build ]]; then
    [[ -n "${4:-}" ]] || log::fatal "--build needs a folder" "give a folder holding dist/chaincode"
    build=$4
  fi
  export LOG_PREFIX="[${org}] "
  case "${step}" in
    proposal) upgrade_proposal "${org}" "${build}" ;;
    serve) upgrade_serve "${org}" "${build}" ;;
    approve) upgrade_approve "${org}" ;;
    finish) upgrade_finish "${org}" ;;
    status) upgrade_status "${org}" ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
