#!/usr/bin/env bash
# Issues and revokes API keys of a member's REST gateway. A key acts as one identity enrolled at
# the member's own Fabric CA; a new user is registered and enrolled first (with its
# certledger.role). Keys are stored only as SHA-256 hashes in run/<org>/gateway/api-keys.json;
# the key itself is printed once.
#
# Usage: scripts/gateway-key.sh issue ORG USER [ROLE]   (ROLE needed when USER is not enrolled yet)
#        scripts/gateway-key.sh revoke ORG KEY_ID
#        scripts/gateway-key.sh revoke-user ORG USER   (every key of USER, e.g. once its identity is revoked)
#        scripts/gateway-key.sh list ORG
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/env.sh
source "${ROOT_DIR}/scripts/lib/env.sh"
# shellcheck source=scripts/lib/ca.sh
source "${ROOT_DIR}/scripts/lib/ca.sh"

keys_file() { echo "$(org_dir "$1")/gateway/api-keys.json"; }

# write_keys ORG JSON: replaces the key file atomically (the gateway reloads it on change).
write_keys() {
  local file tmp
  file=$(keys_file "$1")
  mkdir -p "$(dirname "${file}")"
  tmp="${file}.tmp.$$"
  (umask 077 && printf '%s\n' "$2" >"${tmp}")
  mv "${tmp}" "${file}"
}

current_keys() {
  local file
  file=$(keys_file "$1")
  if [[ -s "${file}" ]]; then cat "${file}"; else echo '{"keys": []}'; fi
}

require_org() {
  org_field "$1" .mspId >/dev/null 2>&1 || log::fatal "no org '$1' in ${TOPOLOGY}" "use one of: $(org_names | tr '\n' ' ')"
}

enroll_user() {
  local org=$1 user=$2 role=$3
  ca_require_role "${role}"
  is_running "$(ca_process "${org}")" || log::fatal "the CA of ${org} is not running" "start the network: scripts/network.sh up"
  log::step "Registering and enrolling ${user} (certledger.role=${role}) at ca-${org}"
  ca_register_user "${org}" "${user}" "${role}"
  enroll_identity "${org}" "${user}" "$(org_dir "${org}")/users/${user}/msp"
}

cmd_issue() {
  local org=$1 user=$2 role=${3:-}
  require_org "${org}"
  [[ "${user}" =~ ^[A-Za-z0-9._-]+$ ]] || log::fatal "user names are letters, digits, . _ -" "choose another name"
  if [[ ! -s "$(org_dir "${org}")/users/${user}/msp/signcerts/cert.pem" ]]; then
    [[ -n "${role}" ]] || log::fatal "${user} is not enrolled at ${org}" "give the role to enrol it with: scripts/gateway-key.sh issue ${org} ${user} ROLE"
    enroll_user "${org}" "${user}" "${role}"
  fi
  local key id hash
  key=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  id="key-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  hash=$(printf '%s' "${key}" | sha256sum | cut -c1-64)
  write_keys "${org}" "$(current_keys "${org}" | jq --arg id "${id}" --arg sha "${hash}" --arg user "${user}" \
    --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '.keys += [{id: $id, sha256: $sha, user: $user, createdAt: $at}]')"
  log::info "issued ${id} for ${user} at ${org}; the key is shown once:"
  echo "${key}"
}

cmd_revoke() {
  local org=$1 id=$2
  require_org "${org}"
  current_keys "${org}" | jq -e --arg id "${id}" 'any(.keys[]; .id == $id)' >/dev/null ||
    log::fatal "no key ${id} at ${org}" "scripts/gateway-key.sh list ${org} shows the keys"
  write_keys "${org}" "$(current_keys "${org}" | jq --arg id "${id}" '.keys |= map(select(.id != $id))')"
  log::info "revoked ${id} at ${org}"
}

# cmd_revoke_user ORG USER: every key of USER goes at once (the gateway reloads the file), so a
# revoked identity no longer acts through the gateway even before its CRL reaches the channel.
cmd_revoke_user() {
  local org=$1 user=$2 ids
  require_org "${org}"
  ids=$(current_keys "${org}" | jq -r --arg user "${user}" '.keys[] | select(.user == $user) | .id')
  if [[ -z "${ids}" ]]; then
    log::info "${user} has no API key at ${org}'s gateway; nothing changed"
    return
  fi
  write_keys "${org}" "$(current_keys "${org}" | jq --arg user "${user}" '.keys |= map(select(.user != $user))')"
  log::info "revoked every API key of ${user} at ${org}: $(paste -sd' ' - <<<"${ids}")"
}

cmd_list() {
  require_org "$1"
  current_keys "$1" | jq -r '.keys[] | [.id, .user, .createdAt] | @tsv'
}

main() {
  case "${1:-}" in
    issue) [[ $# -ge 3 ]] || log::fatal "usage: issue ORG USER [ROLE]"; cmd_issue "$2" "$3" "${4:-}" ;;
    revoke) [[ $# -eq 3 ]] || log::fatal "usage: revoke ORG KEY_ID"; cmd_revoke "$2" "$3" ;;
    revoke-user) [[ $# -eq 3 ]] || log::fatal "usage: revoke-user ORG USER"; cmd_revoke_user "$2" "$3" ;;
    list) [[ $# -eq 2 ]] || log::fatal "usage: list ORG"; cmd_list "$2" ;;
    *) log::usage "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
}

main "$@"
