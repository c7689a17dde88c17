#!/usr/bin/env bash
# Admitting a member to the channel under the on-chain rules (docs/contracts.md §6 rule 1). Each
# step is run by the member who owns it, with its own keys; what passes between members is public
# and lies in the exchange folder (docs/operations.md "Join a member").
#
# Usage: scripts/org-join.sh STEP ...
#   apply ORG                  the applicant: its CA, identities and MSP definition, published
#   proposal ORG               the ADMIT_MEMBER proposal body for ORG's published definition
#                              (POST it to /v1/proposals; the members vote and finalize it)
#   prepare ORG MEMBER [DEF]   MEMBER checks the chain for an APPROVED ADMIT_MEMBER proposal whose
#                              roots match the definition (DEF, default ORG's in the exchange
#                              folder) and prepares the channel config update; prints its ID
#   finish ORG                 the applicant, once the update is submitted: joins its peer,
#                              serves and approves the chaincode, starts its gateway and registers
#                              its peer on chain, which makes it ACTIVE
#   status ORG                 what the chain and the channel config say about ORG
# Between prepare and finish: scripts/config-update.sh sign ID MEMBER (as many members as the
# channel's Admins policy needs), then scripts/config-update.sh submit ID MEMBER.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/operator.sh
source "${ROOT_DIR}/scripts/lib/operator.sh"

usage() {
  log::usage "${BASH_SOURCE[0]}"
}

# proposal_body ORG: the ADMIT_MEMBER proposal for ORG's published definition.
proposal_body() {
  local def
  def=$(exchange_org_dir "$1")
  definition_msp "${def}" >/dev/null
  jq -n --slurpfile definition "${def}/definition.json" --rawfile ca "${def}/msp/cacerts/ca.pem" --rawfile tls "${def}/msp/tlscacerts/ca.pem" \
    '($definition[0]) as $d | {type: "ADMIT_MEMBER", target: $d.mspId,
      payload: {member: {mspId: $d.mspId, name: $d.displayName, role: $d.role, caRootPem: $ca, tlsRootPem: $tls, credentials: $d.credentials}}}'
}

join_status() {
  local org=$1 msp member status=
  msp=$(org_field "${org}" .mspId)
  while read -r member; do
    if is_running "$(peer_process "${member}")"; then
      status=$(chain_member_status "${member}" "${msp}")
      echo "on chain (read by ${member}): ${msp} is ${status:-not a member}"
      if grep -qx "${msp}" <<<"$(channel_orgs "${member}")"; then
        echo "channel config: ${msp} is an application org of $(topo .channel)"
      else
        echo "channel config: ${msp} is not in $(topo .channel)"
      fi
      return
    fi
  done < <(founder_names)
  log::fatal "no founder's peer is running here to read the chain" "run this where a member's peer runs"
}

main() {
  local step=${1:-} org=${2:-}
  log::help_if_asked "${BASH_SOURCE[0]}" "${step}"
  require_org "${org}"
  case "${step}" in
    apply)
      is_founder "${org}" && log::fatal "${org} is a founder" "founders are in the channel from its genesis block"
      export LOG_PREFIX="[${org}] "
      ensure_prerequisites
      member_identities "${org}"
      log::info "next: a member opens the ADMIT_MEMBER proposal printed by: scripts/org-join.sh proposal ${org}"
      ;;
    proposal) proposal_body "${org}" ;;
    prepare)
      require_org "${3:-}"
      export LOG_PREFIX="[$3] "
      join_prepare "$3" "${org}" "${4:-$(exchange_org_dir "${org}")}"
      ;;
    finish)
      export LOG_PREFIX="[${org}] "
      join_finish "${org}"
      ;;
    status) join_status "${org}" ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
