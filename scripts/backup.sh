#!/usr/bin/env bash
# Backs up one member, with that member's keys only (docs/operations.md "Back up a member"): its
# peer's ledger snapshot (Fabric's snapshot request, at the peer's last committed block), its CA's
# database, config and keys (the CA stopped for the copy), its MSP and TLS material, its
# gateway's state (the gateway stopped for the copy), and a manifest with the SHA-256 of every
# file. The backup is SECRET: it holds the member's private keys; it is written mode 600 in
# folders of mode 700. The orderer is not touched.
#
# Usage: scripts/backup.sh ORG [OUT_DIR]
#   OUT_DIR   the backup folder to write (new or empty); default run/ORG/backups/<UTC time>
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/member.sh
source "${ROOT_DIR}/scripts/lib/member.sh"
# shellcheck source=scripts/lib/backup.sh
source "${ROOT_DIR}/scripts/lib/backup.sh"

BACKUP_OUT=''
BACKUP_DONE=''
BACKUP_STOPPED=''

# On a failure the half-written backup is removed, and a process stopped for its copy is started
# again: a backup never leaves the member with its CA or gateway down.
on_exit() {
  [[ -z "${BACKUP_DONE}" ]] || return 0
  if [[ -n "${BACKUP_STOPPED}" ]]; then
    log::warn "starting ${BACKUP_STOPPED} again after the failed backup"
    member_start_process "${BACKUP_STOPPED}" || true
  fi
  if [[ -n "${BACKUP_OUT}" && -d "${BACKUP_OUT}" ]]; then
    rm -rf "${BACKUP_OUT}"
    log::warn "removed the incomplete backup $(rel "${BACKUP_OUT}")"
  fi
}

main() {
  local org=${1:-} out=${2:-} started=${SECONDS} channel block peer snapshots meta path
  log::help_if_asked "${BASH_SOURCE[0]}" "${org}"
  require_org "${org}"
  export LOG_PREFIX="[${org}] "
  channel=$(topo .channel)
  peer=$(peer_process "${org}")
  if ! is_running "${peer}" || ! peer_on_channel "${org}"; then
    log::fatal "${peer} is not running on ${channel}: its snapshot is taken by the running peer" "start it: scripts/member.sh start ${org} ${peer}"
  fi
  [[ -n "${out}" ]] || out="$(org_dir "${org}")/backups/$(date -u +%Y%m%dT%H%M%SZ)"
  if [[ -e "${out}" ]] && [[ -n "$(ls -A "${out}")" ]]; then
    log::fatal "${out} exists and is not empty" "give a new folder: scripts/backup.sh ${org} OUT_DIR"
  fi
  mkdir -p "${out}"
  chmod 700 "${out}"
  out=$(cd "${out}" && pwd)
  BACKUP_OUT=${out}
  trap on_exit EXIT

  log::step "${org}: ledger snapshot of ${channel} on ${peer}"
  block=$(peer_take_snapshot "${org}")
  snapshots="$(peer_snapshots_root "${org}")/completed/${channel}"
  mkdir -p "${out}/snapshot"
  cp -a "${snapshots}/${block}" "${out}/snapshot/${block}"
  # Fabric never reads a completed snapshot again; the copy in the backup is the one kept.
  rm -rf "${snapshots:?}/${block}"
  log::info "snapshot after block ${block} (height $((block + 1))), $(du -sh "${out}/snapshot/${block}" | cut -f1)"

  log::step "${org}: CA database, config and keys (ca-${org} stopped for the copy)"
  with_stopped "$(ca_process "${org}")" copy_into "${out}" "${org}" ca/server

  log::step "${org}: MSP and TLS material"
  local -a material=()
  mapfile -t material < <(backup_material_paths "${org}")
  copy_into "${out}" "${org}" "${material[@]}"
  for path in "${material[@]}"; do log::info "  ${path}"; done

  log::step "${org}: gateway state (gateway-${org} stopped for the copy)"
  with_stopped "$(gateway_process "${org}")" copy_gateway_state "${out}" "${org}"

  log::step "${org}: manifest"
  backup_secure "${out}"
  meta=$(jq -n --arg format "${BACKUP_FORMAT}" --arg org "${org}" --arg msp "$(org_field "${org}" .mspId)" \
    --arg channel "${channel}" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --argjson block "${block}" \
    --arg peer "$(org_field "${org}" .peer.name)" --arg chaincode "$(cc_committed_version "${org}")" \
    --argjson tools "$(backup_tool_versions)" \
    --arg hash "$(jq -r '.snapshot_hash // ""' "${out}/snapshot/${block}/_snapshot_additional_metadata.json" 2>/dev/null || true)" \
    '{format: $format, org: $org, mspId: $msp, channel: $channel, createdAt: $at, secret: true,
      snapshot: {peer: $peer, lastBlockNumber: $block, height: ($block + 1), dir: "snapshot/\($block)", snapshotHash: $hash},
      chaincodeVersion: $chaincode, tools: $tools}')
  backup_write_manifest "${out}" "${meta}"
  BACKUP_DONE=1

  log::step "${org}: backed up in $((SECONDS - started)) s: $(rel "${out}")"
  log::info "ledger snapshot after block ${block} (height $((block + 1))); $(jq '.files | length' "${out}/manifest.json") files, $(du -sh "${out}" | cut -f1)"
  log::info "manifest SHA-256 $(sha256sum "${out}/manifest.json" | cut -c1-64): note it apart from the backup; scripts/restore.sh prints it again"
  log::warn "SECRET: this backup holds ${org}'s private keys, enrolment secrets and CA database (mode 600, folder 700); anyone holding it can act as ${org}. Keep it encrypted and off this host."
  echo "${out}"
}

main "$@"
