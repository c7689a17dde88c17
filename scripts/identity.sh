#!/usr/bin/env bash
# A member's identities at its own Fabric CA: users are registered with a certledger.role, enrolled
# into the member's folder, listed with their role, expiry and revocation state, and revoked so
# that every node of the channel refuses them [BSC 5.6, 5.7]: the CA revokes the certificates and
# generates its CRL, the member's own admin puts that CRL into the member's MSP in the channel
# config (the MSP's mod_policy is the member's own Admins, so no other member signs), and the
# user's API keys at the member's gateway go at once. See docs/operations.md "Register, enrol and
# revoke an identity".
#
# Usage: scripts/identity.sh COMMAND ORG ...
#   register ORG USER ROLE     registers USER at ORG's CA with certledger.role=ROLE
#                              (one of chaincode/src/api/roles.data.json: admin issuer recorder regulator reader)
#   enroll ORG USER            enrols USER into run/ORG/users/USER/msp
#   revoke ORG USER [REASON]   revokes USER at ORG's CA (REASON, default unspecified: one of
#                              unspecified keycompromise cacompromise affiliationchanged
#                              superseded cessationofoperation certificatehold
#                              privilegewithdrawn aacompromise), puts the CA's CRL into ORG's MSP
#                              in the channel config and revokes USER's API keys
#   list ORG                   every identity of ORG's CA: type, role, enrolment certificate
#                              expiry, revocation state
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/operator.sh
source "${ROOT_DIR}/scripts/lib/operator.sh"

# The reasons of RFC 5280 §5.3.1 that Fabric CA accepts (removefromcrl is for a certificate on
# hold, which this script does not place).
readonly REASONS=(unspecified keycompromise cacompromise affiliationchanged superseded cessationofoperation certificatehold privilegewithdrawn aacompromise)

usage() {
  log::usage "${BASH_SOURCE[0]}"
}

user_msp() { echo "$(org_dir "$1")/users/$2/msp"; }

require_user_name() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || log::fatal "'$1' is not a user name" "use letters, digits, '.', '_' and '-'"
}

require_ca() {
  is_running "$(ca_process "$1")" || log::fatal "ca-$1 is not running" "start it: scripts/member.sh start $1 $(ca_process "$1")"
}

# known_identity ORG USER: the CA's line for USER, or the script stops.
known_identity() {
  ca_identity "$1" "$2" ||
    log::fatal "ca-$1 has no identity '$2'" "register it first: scripts/identity.sh register $1 $2 ROLE (scripts/identity.sh list $1 shows the identities)"
}

# cert_expiry PEM_FILE: the certificate's notAfter as an ISO-8601 UTC time.
cert_expiry() {
  local end
  end=$(openssl x509 -in "$1" -noout -enddate | sed 's/^notAfter=//')
  date -u -d "${end}" +%Y-%m-%dT%H:%M:%SZ
}

# enrolment_cert ORG ID: where ORG keeps ID's enrolment certificate (a user's, a node's, the CA
# registrar's); prints nothing when it holds none.
enrolment_cert() {
  local org=$1 id=$2 dir file
  dir=$(org_dir "${org}")
  for file in "${dir}/users/${id}/msp/signcerts/cert.pem" "${dir}/peers/${id}/msp/signcerts/cert.pem" \
    "${dir}/orderers/${id}/msp/signcerts/cert.pem"; do
    if [[ -s "${file}" ]]; then
      echo "${file}"
      return
    fi
  done
  if [[ "${id}" == admin && -s "$(ca_client_home "${org}")/msp/signcerts/cert.pem" ]]; then
    echo "$(ca_client_home "${org}")/msp/signcerts/cert.pem"
  fi
}

cmd_register() {
  local org=$1 user=$2 role=$3 line have
  require_user_name "${user}"
  ca_require_role "${role}"
  require_ca "${org}"
  log::step "${org}: registering ${user} (certledger.role=${role}) at ca-${org}"
  if line=$(ca_identity "${org}" "${user}"); then
    have=$(ca_identity_role "${line}")
    [[ "${have}" == "${role}" ]] ||
      log::fatal "${user} is already registered at ca-${org} with certledger.role=${have}" \
        "an identity keeps its role: register another name, and revoke ${user} if it must go (scripts/identity.sh revoke ${org} ${user})"
    log::info "${user} is already registered at ca-${org} (certledger.role=${role}); nothing changed"
    return
  fi
  ca_register_user "${org}" "${user}" "${role}"
  log::info "next: scripts/identity.sh enroll ${org} ${user}"
}

cmd_enroll() {
  local org=$1 user=$2 msp line state
  require_user_name "${user}"
  require_ca "${org}"
  line=$(known_identity "${org}" "${user}")
  msp=$(user_msp "${org}" "${user}")
  log::step "${org}: enrolling ${user} at ca-${org} into $(rel "${msp}")"
  state=$(ca_revocation_state "${org}" "${user}")
  if [[ -s "${msp}/signcerts/cert.pem" ]]; then
    log::info "${user} is already enrolled (its certificate expires $(cert_expiry "${msp}/signcerts/cert.pem"); ${state} at ca-${org}); nothing changed"
    return
  fi
  [[ "${state}" != revoked ]] ||
    log::fatal "${user} is revoked at ca-${org}; a revoked identity is never enrolled again" "register a new identity: scripts/identity.sh register ${org} NAME ROLE"
  enroll_identity "${org}" "${user}" "${msp}"
  # Fabric's CLI acting as an admin wants the folder, as for the topology's admin1.
  [[ "$(ca_identity_type "${line}")" != admin ]] || mkdir -p "${msp}/admincerts"
  log::info "enrolled ${user} (certledger.role=$(ca_identity_role "${line}")): serial $(openssl x509 -in "${msp}/signcerts/cert.pem" -noout -serial | sed 's/^serial=//' | tr 'A-F' 'a-f' | sed 's/^0*//'), expires $(cert_expiry "${msp}/signcerts/cert.pem")"
}

cmd_revoke() {
  local org=$1 user=$2 reason=${3:-unspecified} line type state crl id started=${SECONDS}
  require_user_name "${user}"
  [[ " ${REASONS[*]} " == *" ${reason} "* ]] || log::fatal "unknown revocation reason '${reason}'" "use one of: ${REASONS[*]}"
  require_ca "${org}"
  line=$(known_identity "${org}" "${user}")
  type=$(ca_identity_type "${line}")
  # The scripts act as admin1 and the CA's registrar, and a node's identity goes with its node.
  [[ "${user}" != admin1 && "${user}" != admin ]] ||
    log::fatal "${user} is the identity the operator scripts of ${org} act as; revoking it would lock ${org} out of its own CA and channel updates" \
      "enrol another admin first (scripts/identity.sh register ${org} NAME admin) and make it the scripts' admin"
  [[ "${type}" == client || "${type}" == admin ]] ||
    log::fatal "${user} is a ${type} identity of ${org}'s nodes" "a node leaves through its own procedure (scripts/node.sh, docs/operations.md)"

  log::step "${org}: revoking ${user} at ca-${org} (reason ${reason}) and generating its CRL"
  state=$(ca_revocation_state "${org}" "${user}")
  if [[ "${state}" == revoked ]]; then
    log::info "ca-${org} has already revoked ${user}; generating its CRL again"
    ca_client "${org}" gencrl >>"$(org_log "${org}" ca-client)" 2>&1 ||
      log::fatal "ca-${org} did not generate its CRL" "see $(rel "$(org_log "${org}" ca-client)")"
  else
    ca_client "${org}" revoke --revoke.name "${user}" --revoke.reason "${reason}" --gencrl >>"$(org_log "${org}" ca-client)" 2>&1 ||
      log::fatal "ca-${org} did not revoke ${user}" "see $(rel "$(org_log "${org}" ca-client)")"
    log::info "ca-${org} revoked ${user} (${state} before)"
  fi
  crl=$(ca_crl "${org}")
  [[ -s "${crl}" ]] || log::fatal "ca-${org} wrote no CRL at $(rel "${crl}")" "see $(rel "$(org_log "${org}" ca-client)")"
  # The member's MSP definition carries its CRL too (configtxgen reads msp/crls/).
  mkdir -p "$(org_dir "${org}")/msp/crls"
  cp "${crl}" "$(org_dir "${org}")/msp/crls/crl.pem"
  log::info "ca-${org}'s CRL revokes $(cfg_crl_serials "${crl}" | grep -c . || true) certificate(s): $(rel "$(org_dir "${org}")/msp/crls/crl.pem")"

  log::step "${org}: revoking ${user}'s API keys at ${org}'s gateway"
  "${ROOT_DIR}/scripts/gateway-key.sh" revoke-user "${org}" "${user}"

  log::step "${org}: the CRL into $(org_field "${org}" .mspId)'s MSP in the channel config (signed by ${org}'s admin alone)"
  id=$(revoke_prepare "${org}" "${user}")
  if [[ -n "${id}" ]]; then
    update_submit "${id}" "${org}" precheck_revoke
  fi
  wait_config_applied "${org}"
  log::info "${user} is revoked: ${org}'s gateway refuses its keys, and every peer and orderer that has the channel's config refuses its certificate ($((SECONDS - started)) s)"
}

cmd_list() {
  local org=$1 listing states line name type role cert expiry state
  require_ca "${org}"
  listing=$(ca_client "${org}" identity list 2>>"$(org_log "${org}" ca-client)") ||
    log::fatal "ca-${org} did not list its identities" "see $(rel "$(org_log "${org}" ca-client)")"
  states=$(ca_revocation_states "${org}")
  printf '%-28s %-8s %-10s %-21s %s\n' IDENTITY TYPE ROLE EXPIRES STATE
  while read -r line; do
    [[ "${line}" == "Name: "* ]] || continue
    name=$(sed -n 's/^Name: \([^,]*\),.*/\1/p' <<<"${line}")
    type=$(ca_identity_type "${line}")
    role=$(ca_identity_role "${line}")
    cert=$(enrolment_cert "${org}" "${name}")
    expiry=-
    [[ -z "${cert}" ]] || expiry=$(cert_expiry "${cert}")
    state=$(awk -F'\t' -v id="${name}" '$1 == id { print $2 }' <<<"${states}")
    printf '%-28s %-8s %-10s %-21s %s\n' "${name}" "${type}" "${role}" "${expiry}" "${state:-not enrolled}"
  done <<<"${listing}"
}

main() {
  local command=${1:-} org=${2:-}
  log::help_if_asked "${BASH_SOURCE[0]}" "${command}"
  require_org "${org}"
  export LOG_PREFIX="[${org}] "
  case "${command}" in
    register)
      [[ $# -eq 4 ]] || log::fatal "usage: scripts/identity.sh register ORG USER ROLE" "ROLE is one of: $(ca_roles | paste -sd' ' -)"
      cmd_register "${org}" "$3" "$4"
      ;;
    enroll)
      [[ $# -eq 3 ]] || log::fatal "usage: scripts/identity.sh enroll ORG USER" "register USER first: scripts/identity.sh register ORG USER ROLE"
      cmd_enroll "${org}" "$3"
      ;;
    revoke)
      [[ $# -eq 3 || $# -eq 4 ]] || log::fatal "usage: scripts/identity.sh revoke ORG USER [REASON]" "REASON is one of: ${REASONS[*]}"
      cmd_revoke "${org}" "$3" "${4:-unspecified}"
      ;;
    list)
      [[ $# -eq 2 ]] || log::fatal "usage: scripts/identity.sh list ORG" "name the member only"
      cmd_list "${org}"
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
