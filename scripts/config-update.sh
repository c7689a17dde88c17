#!/usr/bin/env bash
# Channel config updates between members: show one, sign it with your own admin key, submit it.
# The prepare step belongs to the procedure (scripts/org-join.sh, scripts/org-exit.sh,
# scripts/node.sh); this script carries any prepared update through its signatures.
#
# Usage: scripts/config-update.sh COMMAND ID [ORG]
#   list              the updates in the exchange folder and whether each was submitted
#   config ORG        the channel config as ORG reads it: its sequence, digest, orgs and consenters
#   show ID           what update ID changes, who signed it, how many signatures it needs
#   sign ID ORG       ORG's admin signs update ID on ORG's side
#   submit ID ORG     ORG's admin submits update ID (its signature counts) once the on-chain state
#                     still allows it and enough members have signed
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/operator.sh
source "${ROOT_DIR}/scripts/lib/operator.sh"

usage() {
  log::usage "${BASH_SOURCE[0]}"
}

main() {
  local command=${1:-} id=${2:-} org=${3:-}
  case "${command}" in
    list)
      local dir
      for dir in "$(updates_dir)"/*/; do
        [[ -d "${dir}" ]] || continue
        id=$(basename "${dir}")
        printf '%-40s %-10s %s\n' "${id}" "$([[ -s "${dir}/submitted.json" ]] && echo submitted || echo open)" "$(update_field "${id}" description)"
      done
      ;;
    show) update_show "${id}" ;;
    config)
      require_org "${id}"
      local json
      json=$(mktemp "$(org_dir "${id}")/config.XXXXXX.json")
      config_now "${id}" "${json}"
      echo "sequence: $(config_sequence "${json}")"
      echo "digest: $(cfg_digest "${json}")"
      echo "application orgs: $(cfg_app_orgs "${json}" | paste -sd, -)"
      echo "consenters: $(cfg_consenters "${json}" | paste -sd, -)"
      rm -f "${json}"
      ;;
    sign)
      require_update "${id}"
      require_org "${org}"
      update_sign "${id}" "${org}"
      ;;
    submit)
      require_update "${id}"
      require_org "${org}"
      update_submit "${id}" "${org}" "precheck_$(update_field "${id}" kind | tr - _)"
      ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
