#!/usr/bin/env bash
# Restores one member from its own backup, with that member's keys only (docs/operations.md
# "Restore a member"). It first checks the backup against its manifest — every file's SHA-256,
# nothing missing, nothing extra — and refuses, naming the first file that does not match, before
# anything is changed. Then, in order: the member's MSP and TLS material where files are missing;
# its CA (stopped, database, config and keys put back, started, checked); its peer rebuilt from
# the backup's ledger snapshot (stopped, its ledger moved aside, started empty, joined by the
# snapshot, caught up from the ordering service); its chaincode package installed and its
# chaincode server running so that the peer endorses; its gateway's state (gateway stopped, put
# back, started). Each step can be run again. The orderer is not touched.
#
# Usage: scripts/restore.sh ORG BACKUP [STEP...]
#   BACKUP   a folder scripts/backup.sh ORG wrote
#   STEP     only these steps, in this order: material, ca, peer, chaincode, gateway (default all);
#            'verify' checks the backup and changes nothing
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/member.sh
source "${ROOT_DIR}/scripts/lib/member.sh"
# shellcheck source=scripts/lib/backup.sh
source "${ROOT_DIR}/scripts/lib/backup.sh"

readonly STEPS=(material ca peer chaincode gateway)

main() {
  local org=${1:-} backup=${2:-} started=${SECONDS} step manifest
  log::help_if_asked "${BASH_SOURCE[0]}" "${org}"
  require_org "${org}"
  export LOG_PREFIX="[${org}] "
  [[ -n "${backup}" ]] || log::fatal "no backup given" "scripts/restore.sh ${org} BACKUP_DIR (a folder scripts/backup.sh ${org} wrote)"
  [[ -d "${backup}" ]] || log::fatal "no backup folder ${backup}" "give a folder scripts/backup.sh ${org} wrote"
  backup=$(cd "${backup}" && pwd)
  shift 2
  local -a steps=("$@")
  ((${#steps[@]} > 0)) || steps=("${STEPS[@]}")
  for step in "${steps[@]}"; do
    [[ " verify ${STEPS[*]} " == *" ${step} "* ]] || log::fatal "unknown step '${step}'" "use some of: verify ${STEPS[*]}"
  done

  log::step "${org}: checking the backup $(rel "${backup}") against its manifest"
  manifest="${backup}/manifest.json"
  backup_verify "${backup}" "${org}"
  [[ "${steps[*]}" == verify ]] || ensure_prerequisites
  log::info "taken $(jq -r .createdAt "${manifest}"); ledger snapshot after block $(jq -r .snapshot.lastBlockNumber "${manifest}") (height $(jq -r .snapshot.height "${manifest}")); SECRET: it holds ${org}'s private keys"

  for step in "${steps[@]}"; do
    case "${step}" in
      verify) ;;
      material)
        log::step "${org}: MSP and TLS material"
        restore_material "${org}" "${backup}"
        ;;
      ca)
        log::step "${org}: certificate authority"
        restore_ca "${org}" "${backup}"
        ;;
      peer)
        log::step "${org}: peer from the ledger snapshot"
        restore_peer "${org}" "${backup}"
        ;;
      chaincode)
        log::step "${org}: chaincode $(cc_name) on the peer"
        restore_chaincode "${org}"
        ;;
      gateway)
        log::step "${org}: gateway state"
        restore_gateway "${org}" "${backup}"
        ;;
    esac
  done
  log::step "${org}: restored (${steps[*]}) in $((SECONDS - started)) s"
}

main "$@"
