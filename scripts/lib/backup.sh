#!/usr/bin/env bash
# A member's backup and restore (scripts/backup.sh, scripts/restore.sh; docs/operations.md "Back up
# a member", "Restore a member"): what a backup holds, its manifest of SHA-256 digests, the check a
# restore makes before it changes anything, and each restore step. Everything acts for one member
# with its own keys; the orderer is never touched. Requires scripts/lib/member.sh.

readonly BACKUP_FORMAT=certledger-backup/1

# A backup folder:
#   manifest.json         org, channel, the snapshot's block, the time, tool versions, and the
#                         path, size and SHA-256 of every other file
#   snapshot/<N>/         the peer's ledger snapshot, Fabric's own files, taken after block N
#   files/...             the member's files at their place under run/<org>/: ca/server (the CA's
#                         database, config and keys), ca/secrets, ca/client/msp, msp, users,
#                         peers/*/{msp,tls}, orderers/*/{msp,tls}, chaincode/{tls,packages,slots,
#                         current,collections.json} (not the staged builds: each is rebuilt from
#                         the source its digest names),
#                         gateway (API keys, idempotency records, event checkpoint, webhooks)

# backup_material_paths ORG: the member's MSP and TLS material, relative to run/<org>/, one per
# line: only what exists. The CA's server folder and the gateway's state are copied apart (each
# with its process stopped), so they are not listed here.
backup_material_paths() {
  local org=$1 dir path node sub
  dir=$(org_dir "${org}")
  for path in msp users ca/secrets ca/client/msp chaincode/tls chaincode/packages chaincode/slots chaincode/current chaincode/collections.json; do
    [[ -e "${dir}/${path}" ]] && echo "${path}"
  done
  for node in "${dir}"/peers/* "${dir}"/orderers/*; do
    [[ -d "${node}" ]] || continue
    for sub in msp tls; do
      [[ -d "${node}/${sub}" ]] && echo "${node#"${dir}"/}/${sub}"
    done
  done
  return 0
}

# backup_files DIR: every regular file of a backup but its manifest, relative, sorted bytewise.
backup_files() {
  (cd "$1" && find . -type f ! -path ./manifest.json -printf '%P\n' | LC_ALL=C sort)
}

# backup_digests DIR: "SHA256  PATH" for every file of backup_files, with progress on stderr for
# a large backup (a snapshot of a long ledger is gigabytes).
backup_digests() {
  local dir=$1 total done=0 last=${SECONDS} line
  total=$(backup_files "${dir}" | wc -l)
  while IFS= read -r line; do
    # sha256sum marks a name it had to escape (a backslash or a newline in it) with a leading \.
    [[ "${line}" != \\* ]] || log::fatal "a file name in ${dir} holds a backslash or a newline: ${line}" "rename it; a backup holds none"
    echo "${line}"
    done=$((done + 1))
    if ((SECONDS - last >= 5)); then
      log::info "digests: ${done} of ${total} files"
      last=${SECONDS}
    fi
  done < <(cd "${dir}" && backup_files . | tr '\n' '\0' | xargs -0 -r -n 200 sha256sum --)
}

# backup_write_manifest DIR META_JSON: manifest.json (mode 600): META_JSON plus every file's path,
# size and SHA-256.
backup_write_manifest() {
  local dir=$1 meta=$2 digests sizes
  digests=$(backup_digests "${dir}")
  sizes=$(cd "${dir}" && find . -type f ! -path ./manifest.json -printf '%P\t%s\n')
  jq -n --argjson meta "${meta}" --arg digests "${digests}" --arg sizes "${sizes}" '
    ($sizes | split("\n") | map(select(. != "") | split("\t") | {key: .[0], value: (.[1] | tonumber)}) | from_entries) as $size
    | $meta + {files: ($digests | split("\n") | map(select(. != "") | capture("^(?<sha256>[0-9a-f]{64})  (?<path>.*)$")
        | {path, size: $size[.path], sha256}) | sort_by(.path))}' >"${dir}/manifest.json"
  chmod 600 "${dir}/manifest.json"
}

# backup_secure DIR: every folder of the backup mode 700, every file 600 (it holds private keys).
backup_secure() {
  find "$1" -type d -exec chmod 700 {} +
  find "$1" -type f -exec chmod 600 {} +
}

# backup_verify DIR ORG: the backup is ORG's and its manifest matches it exactly — every listed
# file present with its digest, nothing else — or the script stops naming the first file that
# does not match. Nothing is changed before this passes.
backup_verify() {
  local dir=$1 org=$2 manifest listed present first failed
  manifest="${dir}/manifest.json"
  [[ -d "${dir}" ]] || log::fatal "no backup folder ${dir}" "give the folder scripts/backup.sh ${org} wrote"
  [[ -s "${manifest}" ]] || log::fatal "${dir} has no manifest.json: not a backup, or an incomplete one" "give the folder scripts/backup.sh ${org} wrote"
  jq -e --arg format "${BACKUP_FORMAT}" '.format == $format and (.files | type) == "array"' "${manifest}" >/dev/null 2>&1 ||
    log::fatal "${manifest} is not a ${BACKUP_FORMAT} manifest" "give the folder scripts/backup.sh ${org} wrote"
  [[ "$(jq -r .org "${manifest}")" == "${org}" ]] ||
    log::fatal "the backup in ${dir} is $(jq -r .org "${manifest}")'s, not ${org}'s" "each member restores its own backup: scripts/restore.sh $(jq -r .org "${manifest}") ${dir}"
  first=$(jq -r '.files[] | select((.sha256 | test("^[0-9a-f]{64}$")) | not) | .path' "${manifest}" | head -n 1)
  [[ -z "${first}" ]] || log::fatal "the manifest's digest of ${first} is malformed" "the backup is damaged: use another one"

  # Only regular files and folders: a link could point a restore outside the member's folder.
  first=$(cd "${dir}" && find . ! -type f ! -type d -printf '%P\n' | LC_ALL=C sort | head -n 1)
  [[ -z "${first}" ]] || log::fatal "the backup does not match its manifest: ${first} is not a regular file" "the backup was changed: use another one"
  listed=$(jq -r '.files[].path' "${manifest}" | LC_ALL=C sort)
  present=$(backup_files "${dir}")
  first=$(uniq -d <<<"${listed}" | head -n 1)
  [[ -z "${first}" ]] || log::fatal "the manifest lists ${first} twice" "the backup was changed: use another one"
  first=$(LC_ALL=C comm -23 <(echo "${listed}") <(echo "${present}") | head -n 1)
  [[ -z "${first}" ]] || log::fatal "the backup does not match its manifest: ${first} is missing" "the backup was changed or copied in part: use another one"
  first=$(LC_ALL=C comm -13 <(echo "${listed}") <(echo "${present}") | head -n 1)
  [[ -z "${first}" ]] || log::fatal "the backup does not match its manifest: ${first} is not in the manifest" "the backup was changed: use another one"

  log::info "checking the SHA-256 of $(wc -l <<<"${listed}") files ($(du -sh "${dir}" | cut -f1))"
  # sha256sum -c reads the list in manifest order and reports each failure as "PATH: FAILED".
  failed=$(cd "${dir}" && { jq -r '.files[] | "\(.sha256)  \(.path)"' manifest.json | sha256sum -c --quiet 2>/dev/null || true; })
  first=$(sed -n 's/: FAILED.*$//p' <<<"${failed}" | head -n 1)
  [[ -z "${first}" ]] || log::fatal "the backup does not match its manifest: ${first} does not have the SHA-256 the manifest gives" "the backup was changed or damaged: use another one"
  log::info "the backup matches its manifest (manifest SHA-256 $(sha256sum "${manifest}" | cut -c1-64))"
}

# ---- the peer's ledger snapshot ----

# peer_snapshots_root ORG: the peer's CORE_LEDGER_SNAPSHOTS_ROOTDIR, as rendered (render.sh).
peer_snapshots_root() {
  sed -n 's/^CORE_LEDGER_SNAPSHOTS_ROOTDIR=//p' "$(node_config_dir "$1" peer "$(node_field "$1" peer '' name)")/peer.env"
}

# peer_snapshot_cli ORG SUBCOMMAND ARGS...: `peer snapshot` as ORG's admin against its first peer.
peer_snapshot_cli() {
  local org=$1 sub=$2
  shift 2
  peer_as_admin "${org}" peer snapshot "${sub}" -c "$(topo .channel)" --peerAddress "$(peer_address "${org}")" \
    --tlsRootCertFile "$(org_dir "${org}")/msp/tlscacerts/ca.pem" "$@"
}

# completed_snapshots ORG: the block numbers of the snapshots completed on ORG's first peer.
completed_snapshots() {
  local dir
  dir="$(peer_snapshots_root "$1")/completed/$(topo .channel)"
  [[ -d "${dir}" ]] || return 0
  find "${dir}" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | grep -E '^[0-9]+$' | sort -n || true
}

# peer_take_snapshot ORG: asks ORG's first peer for a snapshot of the channel at its last
# committed block (`-b 0`, docs/operations.md "Back up a member") and waits, with progress, until
# Fabric has written it; prints its block number. Fabric writes it in a temporary folder and
# renames it into completed/<channel>/<block>, so a folder there is whole.
peer_take_snapshot() {
  local org=$1 before answer block='' started=${SECONDS} last=${SECONDS} pending
  before=$(completed_snapshots "${org}")
  if ! answer=$(peer_snapshot_cli "${org}" submitrequest -b 0 2>&1); then
    # No block since an earlier snapshot: that one is the snapshot of the current block.
    block=$(sed -n 's/.*snapshot already generated for block number \([0-9]*\).*/\1/p' <<<"${answer}" | head -n 1)
    [[ -n "${block}" ]] || log::fatal "$(peer_process "${org}") refused the snapshot request: $(tail -n 1 <<<"${answer}")" \
      "see $(rel "$(log_file "$(peer_process "${org}")")"); the request needs ${org}'s admin (users/admin1)"
    log::info "no block since the snapshot after block ${block}: that snapshot is the current one"
  fi
  while [[ -z "${block}" ]]; do
    block=$(LC_ALL=C comm -13 <(echo "${before}") <(completed_snapshots "${org}") | sort -n | tail -n 1)
    [[ -z "${block}" ]] || break
    if ((SECONDS - started > 600)); then
      log::fatal "$(peer_process "${org}") wrote no snapshot in 600 s" "see $(rel "$(log_file "$(peer_process "${org}")")")"
    fi
    if ((SECONDS - last >= 5)); then
      pending=$(peer_snapshot_cli "${org}" listpending 2>&1 | tail -n 1 || true)
      log::info "waiting for the snapshot ($((SECONDS - started)) s; ${pending})"
      last=${SECONDS}
    fi
    sleep 0.5
  done
  echo "${block}"
}

# peer_chain_info ORG: `peer channel getinfo` of ORG's first peer as JSON: height, and
# bootstrappingSnapshotInfo.lastBlockInSnapshot for a peer that joined by snapshot.
peer_chain_info() {
  local answer
  answer=$(peer_as_admin "$1" peer channel getinfo -c "$(topo .channel)" 2>/dev/null) || return 1
  sed -n 's/^Blockchain info: //p' <<<"${answer}"
}

# peer_snapshot_base ORG: the block of the snapshot ORG's first peer joined by ('' for a peer that
# has every block from the genesis block).
peer_snapshot_base() {
  local info
  info=$(peer_chain_info "$1") || return 1
  jq -r '.bootstrappingSnapshotInfo.lastBlockInSnapshot // ""' <<<"${info}"
}

# wait_peer_caught_up ORG: waits, with progress, until ORG's first peer has every block the
# ordering service has; fails when its height stops moving for 120 s.
wait_peer_caught_up() {
  local org=$1 height target moved=${SECONDS} last=${SECONDS} previous=-1
  while :; do
    height=$(peer_height "${org}" || echo 0)
    target=$(orderers_height "${org}" || echo '?')
    if [[ "${target}" != '?' && "${height}" -ge "${target}" ]]; then
      log::info "$(peer_process "${org}") is at height ${height}, the ordering service's"
      return
    fi
    if ((height != previous)); then
      previous=${height}
      moved=${SECONDS}
    fi
    ((SECONDS - moved < 120)) ||
      log::fatal "$(peer_process "${org}") stays at height ${height} of ${target}" "see $(rel "$(log_file "$(peer_process "${org}")")")"
    if ((SECONDS - last >= 5)); then
      log::info "$(peer_process "${org}") at height ${height} of ${target}"
      last=${SECONDS}
    fi
    sleep 1
  done
}

# ---- taking a backup ----

# backup_tool_versions: the versions of the tools that wrote the backup, as JSON.
backup_tool_versions() {
  local peer ca commit
  peer=$(peer version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1)
  ca=$(fabric-ca-server version 2>/dev/null | sed -n 's/^ *Version: *//p' | head -n 1)
  commit=$(git -C "${ROOT_DIR}" rev-parse HEAD 2>/dev/null || echo unknown)
  jq -n --arg peer "${peer:-unknown}" --arg ca "${ca:-unknown}" --arg node "$(node --version 2>/dev/null || echo unknown)" \
    --arg jq "$(jq --version)" --arg commit "${commit}" --arg bash "${BASH_VERSION}" \
    '{fabricPeer: $peer, fabricCaServer: $ca, node: $node, jq: $jq, bash: $bash, certledgerCommit: $commit}'
}

# with_stopped NAME COMMAND...: runs COMMAND with process NAME stopped, then starts NAME again
# if it was running (a copy of a database and of files that a running process writes is
# consistent only while it is stopped). Without it running, COMMAND runs and NAME stays stopped.
# BACKUP_STOPPED names the process while it is stopped, for scripts/backup.sh's exit trap.
# shellcheck disable=SC2034 # BACKUP_STOPPED is read by scripts/backup.sh
with_stopped() {
  local name=$1 status=0
  shift
  if ! is_running "${name}"; then
    log::warn "${name} is not running: its files are copied as they are"
    "$@"
    return
  fi
  stop_process "${name}"
  BACKUP_STOPPED=${name}
  "$@" || status=$?
  member_start_process "${name}"
  BACKUP_STOPPED=''
  return "${status}"
}

# copy_into OUT ORG PATH...: copies each PATH of run/<org>/ to OUT/files/PATH, keeping modes.
copy_into() {
  local out=$1 org=$2 path
  shift 2
  for path in "$@"; do
    mkdir -p "${out}/files/$(dirname "${path}")" || return 1
    cp -a "$(org_dir "${org}")/${path}" "${out}/files/${path}" || return 1
  done
}

# copy_gateway_state OUT ORG: the gateway's folder without the temporary files of its atomic writes.
copy_gateway_state() {
  local out=$1 org=$2
  [[ -d "$(org_dir "${org}")/gateway" ]] || return 0
  copy_into "${out}" "${org}" gateway || return 1
  find "${out}/files/gateway" -type f \( -name '*.tmp' -o -name '*.tmp.*' \) -delete
}

# ---- restore steps (each can be run again: it redoes or skips its part) ----

# restore_stamp: the suffix of a folder a restore moves aside.
restore_stamp() { date -u +%Y%m%dT%H%M%SZ; }

# restore_material ORG BACKUP: puts back every file of the member's MSP and TLS material that is
# missing; a file that is present is kept, and one that differs from the backup's is named.
restore_material() {
  local org=$1 backup=$2 dir path added=0 same=0
  local -a differ=()
  dir=$(org_dir "${org}")
  mkdir -p "${dir}"
  while IFS= read -r path; do
    case "${path}" in ca/server/* | gateway/*) continue ;; esac
    if [[ ! -e "${dir}/${path}" ]]; then
      mkdir -p "$(dirname "${dir}/${path}")"
      cp -p "${backup}/files/${path}" "${dir}/${path}"
      added=$((added + 1))
    elif cmp -s "${backup}/files/${path}" "${dir}/${path}"; then
      same=$((same + 1))
    else
      differ+=("${path}")
    fi
  done < <(jq -r '.files[].path | select(startswith("files/")) | ltrimstr("files/")' "${backup}/manifest.json")
  log::info "MSP and TLS material: ${added} files put back, ${same} already as in the backup"
  if ((${#differ[@]} > 0)); then
    log::warn "${#differ[@]} files differ from the backup and are kept as they are (newer than the backup?): ${differ[*]:0:5}"
  fi
}

# restore_ca ORG BACKUP: the CA stopped, its server folder (database, config, keys) put back, the
# CA started and checked: healthy, the same CA certificate, and the backup's identities known.
restore_ca() {
  local org=$1 backup=$2 home moved
  home=$(ca_home "${org}")
  [[ -d "${backup}/files/ca/server" ]] || log::fatal "the backup holds no CA folder" "use a backup scripts/backup.sh ${org} wrote"
  if is_running "$(ca_process "${org}")" && cmp -s "${backup}/files/ca/server/fabric-ca-server.db" "${home}/fabric-ca-server.db"; then
    log::info "ca-${org} already runs on the backup's database"
  else
    stop_process "$(ca_process "${org}")"
    if [[ -e "${home}" ]]; then
      moved="${home}.replaced-$(restore_stamp)"
      mv "${home}" "${moved}"
      log::info "moved the CA's folder aside to $(rel "${moved}")"
    fi
    mkdir -p "$(dirname "${home}")"
    cp -a "${backup}/files/ca/server" "${home}"
    log::info "put back the CA's database, config and keys in $(rel "${home}")"
    ca_start "${org}"
  fi
  healthz_ok "$(org_field "${org}" .ca.host):$(org_field "${org}" .ca.operationsPort)" ||
    log::fatal "ca-${org} is not healthy after the restore" "see $(rel "$(log_file "$(ca_process "${org}")")")"
  cmp -s "$(ca_cert "${org}")" "$(org_dir "${org}")/msp/cacerts/ca.pem" ||
    log::fatal "ca-${org}'s certificate is not the root in $(rel "$(org_dir "${org}")/msp/cacerts/ca.pem")" "the backup's CA folder is not this member's: use its own backup"
  ca_client "${org}" identity list --id "$(org_field "${org}" .peer.name)" >>"$(org_log "${org}" ca-client)" 2>&1 ||
    log::fatal "ca-${org} does not know ${org}'s peer identity after the restore" "see $(rel "$(org_log "${org}" ca-client)")"
  log::info "ca-${org} is healthy and knows the backup's identities"
}

# restore_peer ORG BACKUP: rebuilds ORG's first peer from the backup's snapshot: the peer
# stopped, its ledger moved aside (or accepted as gone), started with an empty ledger, joined by
# the snapshot (`peer channel joinbysnapshot` as the org admin), then caught up from the ordering
# service. A peer that already joined by this snapshot is only waited for.
restore_peer() {
  local org=$1 backup=$2 block peer ledgers moved work started last base
  peer=$(peer_process "${org}")
  block=$(jq -r .snapshot.lastBlockNumber "${backup}/manifest.json")
  base=''
  if is_running "${peer}" && peer_on_channel "${org}"; then base=$(peer_snapshot_base "${org}" || true); fi
  if [[ "${base}" == "${block}" ]]; then
    log::info "${peer} already joined $(topo .channel) by the backup's snapshot (after block ${block})"
  else
    stop_process "${peer}"
    ledgers="$(peer_dir "${org}")/data/ledgersData"
    if [[ -e "${ledgers}" ]]; then
      moved="${ledgers}.replaced-$(restore_stamp)"
      mv "${ledgers}" "${moved}"
      log::info "moved ${peer}'s ledger aside to $(rel "${moved}") (delete it once the restore is checked)"
    else
      log::info "${peer} has no ledger ($(rel "${ledgers}") is gone): it starts with an empty one"
    fi
    render_peer_config "${org}"
    peer_start "${org}"
    # The peer reads the snapshot from its own folder, while the join runs in the background.
    work="$(peer_dir "${org}")/data/joinbysnapshot/${block}"
    rm -rf "${work}"
    mkdir -p "$(dirname "${work}")"
    cp -a "${backup}/snapshot/${block}" "${work}"
    peer_as_admin "${org}" peer channel joinbysnapshot --snapshotpath "${work}" >>"$(org_log "${org}" restore)" 2>&1 ||
      log::fatal "${peer} refused to join by the snapshot" "see $(rel "$(org_log "${org}" restore)") and $(rel "$(log_file "${peer}")")"
    started=${SECONDS}
    last=${SECONDS}
    until peer_on_channel "${org}" && grep -q 'No joinbysnapshot operation is in progress' <<<"$(peer_as_admin "${org}" peer channel joinbysnapshotstatus 2>&1)"; do
      ((SECONDS - started < 600)) || log::fatal "${peer} did not finish joining by the snapshot in 600 s" "see $(rel "$(log_file "${peer}")")"
      if ((SECONDS - last >= 5)); then
        log::info "${peer} is importing the snapshot ($((SECONDS - started)) s)"
        last=${SECONDS}
      fi
      sleep 1
    done
    base=$(peer_snapshot_base "${org}" || true)
    [[ "${base}" == "${block}" ]] ||
      log::fatal "${peer} is on $(topo .channel) but not from the snapshot after block ${block} (${base:-none})" "see $(rel "$(log_file "${peer}")")"
    rm -rf "${work}"
    log::info "${peer} joined $(topo .channel) by the snapshot after block ${block} in $((SECONDS - started)) s"
  fi
  wait_peer_caught_up "${org}"
  # Gateways plan endorsements from what gossip tells their peer: until the peer is known again,
  # a plan that needs it fails (network.sh up waits for the same).
  local others
  others=$(($(channel_orgs "${org}" | wc -l) - 1))
  if wait_for "${peer}" 120 peer_knows_peers "${org}" "${others}"; then
    log::info "${peer} sees the other ${others} members' peers (gossip)"
  else
    log::warn "${peer} does not see the other ${others} members' peers after 120 s: is one of them down? (gossip; see $(rel "$(log_file "${peer}")"))"
  fi
}

# restore_chaincode ORG: ORG's package installed on its peer (a peer rebuilt with an empty
# folder has none; a ledger joined by snapshot carries the definition, not the package), its
# chaincode server running, and the chaincode answering on the peer.
restore_chaincode() {
  local org=$1
  [[ -s "$(cc_package_file "${org}")" ]] ||
    log::fatal "no chaincode package in $(rel "$(cc_dir "${org}")")" "restore the member's material first (scripts/restore.sh ${org} BACKUP material)"
  local build
  build=$(cc_slot_field "${org}" "$(cc_current_slot "${org}")" build)
  [[ -d "${build}" ]] ||
    log::fatal "the chaincode build the member serves ($(rel "${build}")) is gone; a backup does not hold builds" \
      "stage it again from the source of digest $(basename "${build}"): scripts/chaincode-upgrade.sh serve ${org} --build DIR, or scripts/member.sh up ${org} for this checkout's build"
  cc_install "${org}"
  cc_start_server "${org}"
  wait_for "$(cc_process "${org}")" 120 cc_answering "${org}" ||
    log::fatal "the chaincode does not answer on $(peer_process "${org}")" "see $(rel "$(log_file "$(peer_process "${org}")")")"
  log::info "$(cc_name) answers on $(peer_process "${org}")"
}

# restore_gateway ORG BACKUP: the gateway stopped, its state (API keys, idempotency records,
# event checkpoint, webhooks and their outboxes) put back, and started. A peer that joined by
# snapshot serves no block up to the snapshot's: a checkpoint there moves to the next block.
restore_gateway() {
  local org=$1 backup=$2 dir moved base position
  dir="$(org_dir "${org}")/gateway"
  [[ -d "${backup}/files/gateway" ]] || {
    log::info "the backup holds no gateway state"
    return
  }
  stop_process "$(gateway_process "${org}")"
  if [[ -e "${dir}" ]]; then
    moved="${dir}.replaced-$(restore_stamp)"
    mv "${dir}" "${moved}"
    log::info "moved the gateway's state aside to $(rel "${moved}")"
  fi
  cp -a "${backup}/files/gateway" "${dir}"
  log::info "put back the gateway's state: $(jq '.keys | length' "${dir}/api-keys.json" 2>/dev/null || echo 0) API keys, $(find "${dir}/idempotency" -type f 2>/dev/null | wc -l) idempotency records, $(find "${dir}/webhooks" -name outbox.jsonl 2>/dev/null | wc -l) webhook outboxes"
  base=$(peer_snapshot_base "${org}" || true)
  if [[ -n "${base}" && -s "${dir}/events/checkpoint.json" ]]; then
    position=$(jq -r '.blockNumber // ""' "${dir}/events/checkpoint.json")
    if [[ -n "${position}" ]] && ((position <= base)); then
      log::warn "the event checkpoint is at block ${position}, which ${org}'s peer no longer holds (it joined by the snapshot after block ${base}): events resume at block $((base + 1))"
      printf '{"blockNumber":"%s"}\n' "$((base + 1))" >"${dir}/events/checkpoint.json"
    fi
  fi
  gateway_start "${org}"
  wait_for "$(gateway_process "${org}")" 120 gateway_ready "${org}" ||
    log::fatal "the gateway of ${org} is not ready after the restore" "see $(rel "$(log_file "$(gateway_process "${org}")")")"
  log::info "the gateway of ${org} is ready at http://$(gateway_address "${org}")"
}
