#!/usr/bin/env bash
# Fuzzes a member's REST gateway from its own OpenAPI document with schemathesis: every operation
# gets the document's examples and then generated requests, as one of the member's users, and
# every answer is checked: no 5xx, the status code and content type are documented, the body
# matches the documented schema (the README's "REST API"). Schemathesis' coverage phase is left out: its
# requests without valid credentials would soon have the gateway answer 429 to this client's
# address (AUTH_FAILURES_PER_MINUTE), and the rest of the run would test only the limiter. Run it against a local consortium, never against a
# member in production: it writes whatever the generated requests are allowed to write.
#
# Usage: scripts/fuzz-api.sh ORG [USER] [MAX_EXAMPLES]
#   ORG           the member whose gateway is fuzzed (its network must be up: scripts/network.sh up)
#   USER          the member's user the requests act as (default: its first client user in
#                 network/topology.json); a key is issued for the run and revoked after it
#   MAX_EXAMPLES  generated requests per operation (default 30)
# Environment:
#   CERTLEDGER_CACHE   where schemathesis is installed, in its own Python venv (default:
#                      ${XDG_CACHE_HOME:-$HOME/.cache}/certledger); installed from PyPI on first use
#   FUZZ_SEED          the generator's seed, to repeat a run (schemathesis prints the seed it used)
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/operator.sh
source "${ROOT_DIR}/scripts/lib/operator.sh"

readonly SCHEMATHESIS_VERSION=4.32.5
CACHE_ROOT=${CERTLEDGER_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/certledger}
VENV="${CACHE_ROOT}/schemathesis-${SCHEMATHESIS_VERSION}"

# install_schemathesis: the pinned schemathesis in its own venv, once (a venv cannot be moved, so it
# is built in place and marked complete last).
install_schemathesis() {
  if [[ -e "${VENV}/.complete" ]]; then
    log::info "schemathesis ${SCHEMATHESIS_VERSION} is installed (${VENV})"
    return
  fi
  require_command python3 "install Python 3 with venv: apt-get install python3-venv"
  log::step "Installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${VENV}"
  rm -rf "${VENV}"
  python3 -m venv "${VENV}" ||
    log::fatal "python3 cannot create a venv" "apt-get install python3-venv, then run this again"
  "${VENV}/bin/pip" install --quiet "schemathesis==${SCHEMATHESIS_VERSION}" ||
    log::fatal "pip could not install schemathesis ${SCHEMATHESIS_VERSION}" "check that PyPI is reachable, then run this again"
  touch "${VENV}/.complete"
}

# Set once the run has them; cleanup uses them on any exit (an interrupted run included).
RUN_WORK=''
RUN_ORG=''
RUN_KEY_ID=''

# cleanup: the run's key is revoked, so no credential outlives the run, and its folder removed.
cleanup() {
  if [[ -n "${RUN_KEY_ID}" ]]; then
    log::step "Revoking the run's key ${RUN_KEY_ID}"
    "${ROOT_DIR}/scripts/gateway-key.sh" revoke "${RUN_ORG}" "${RUN_KEY_ID}" ||
      log::error "could not revoke ${RUN_KEY_ID}: revoke it by hand: scripts/gateway-key.sh revoke ${RUN_ORG} ${RUN_KEY_ID}"
  fi
  [[ -z "${RUN_WORK}" ]] || rm -rf "${RUN_WORK}"
}

# first_client_user ORG: the name of ORG's first client user in the topology.
first_client_user() {
  # shellcheck disable=SC2016 # a jq program: $org is jq's variable
  topo '[.orgs[] | select(.name == $org) | .users[] | select(.type == "client")][0].name' --arg org "$1"
}

main() {
  local org=${1:-} user=${2:-} examples=${3:-30} base docs work key id status=0
  log::help_if_asked "${BASH_SOURCE[0]}" "${org}"
  require_org "${org}"
  [[ -n "${user}" ]] || user=$(first_client_user "${org}")
  [[ "${examples}" =~ ^[1-9][0-9]*$ ]] || log::fatal "MAX_EXAMPLES must be a positive number, not '${examples}'" "for example: scripts/fuzz-api.sh ${org} ${user} 30"
  base="http://$(gateway_address "${org}")"
  docs="http://$(gateway_metrics_address "${org}")/docs/json"
  curl -sf --max-time 5 "${base}/readyz" >/dev/null ||
    log::fatal "${org}'s gateway at ${base} is not ready" "start the network: scripts/network.sh up"
  install_schemathesis

  work=$(mktemp -d)
  RUN_WORK=${work}
  RUN_ORG=${org}
  trap cleanup EXIT
  log::step "Reading the OpenAPI document of ${org}'s gateway (${docs})"
  curl -sf --max-time 10 "${docs}" >"${work}/openapi.json" ||
    log::fatal "no OpenAPI document at ${docs}" "the gateway serves it on its operations listener unless DOCS_LISTENER=off"

  log::step "Issuing a key for ${user} at ${org} for this run"
  key=$("${ROOT_DIR}/scripts/gateway-key.sh" issue "${org}" "${user}" 2>"${work}/issue.log" | tail -1) ||
    log::fatal "could not issue a key for ${user} at ${org}: $(cat "${work}/issue.log")" "give an enrolled user, or enrol one: scripts/gateway-key.sh issue ${org} USER ROLE"
  id=$(grep -o 'issued key-[0-9a-f]*' "${work}/issue.log" | cut -d' ' -f2) ||
    log::fatal "gateway-key.sh did not name the key it issued: $(cat "${work}/issue.log")" "revoke the newest key of ${user}: scripts/gateway-key.sh list ${org}"
  RUN_KEY_ID=${id}
  # the gateway reloads its key file when it changes
  sleep 1

  log::step "Fuzzing ${base}: ${examples} generated requests per operation, as ${user} (this takes a few minutes)"
  (cd "${work}" && "${VENV}/bin/schemathesis" run "${work}/openapi.json" --url "${base}" \
    --header "Authorization: Bearer ${key}" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,fuzzing --max-examples "${examples}" --workers 2 \
    ${FUZZ_SEED:+--seed "${FUZZ_SEED}"}) || status=$?

  case "${status}" in
    0) ;;
    1) log::fatal "schemathesis found failures against ${org}'s gateway" "each is printed above with a curl command that reproduces it" ;;
    130 | 143) log::fatal "the run was interrupted (exit ${status})" "run it again; a failure it found is printed above" ;;
    *) log::fatal "schemathesis could not run (exit ${status})" "see its message above; delete ${VENV} to reinstall it" ;;
  esac
  log::info "no failures: every answer of ${org}'s gateway was documented, well formed and not a 5xx"
}

main "$@"
