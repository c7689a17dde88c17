#!/usr/bin/env bash
# The chaincode as a service: build it, package one ccaas package per member (each holds only
# that member's server address), run each member's chaincode server, and take the definition
# through Fabric's lifecycle: each member installs and approves for itself; the definition is
# committed once a majority has approved. Requires scripts/lib/env.sh, render.sh and nodes.sh.

# cc_dir ORG: the member's chaincode package and collections config.
cc_dir() { echo "$(org_dir "$1")/chaincode"; }
cc_name() { topo .chaincode.name; }

# A member's chaincode server has two slots, a (chaincode.port) and b (chaincode.upgradePort):
# the slot named in run/<org>/chaincode/current serves the committed definition, and an upgrade
# starts the new build in the other slot (scripts/chaincode-upgrade.sh). Each slot's record,
# run/<org>/chaincode/slots/<slot>.json, names its build (an immutable copy of dist/chaincode
# under builds/<digest>/), version, package and package ID.

# cc_slot_port ORG SLOT
cc_slot_port() {
  if [[ "$2" == b ]]; then org_field "$1" .chaincode.upgradePort; else org_field "$1" .chaincode.port; fi
}

# cc_slot_process ORG SLOT: chaincode-ORG for slot a, chaincode-ORG-b for slot b.
cc_slot_process() {
  if [[ "$2" == b ]]; then echo "chaincode-$1-b"; else echo "chaincode-$1"; fi
}

# cc_current_slot ORG: the slot serving the committed definition (a when none is recorded).
cc_current_slot() {
  local file
  file="$(cc_dir "$1")/current"
  if [[ -s "${file}" ]]; then cat "${file}"; else echo a; fi
}

cc_other_slot() {
  if [[ "$1" == a ]]; then echo b; else echo a; fi
}

# cc_slot_field ORG SLOT FIELD: one field of a slot's record ('' when the slot has none).
cc_slot_field() {
  local file
  file="$(cc_dir "$1")/slots/$2.json"
  [[ -s "${file}" ]] || return 0
  jq -r ".$3 // \"\"" "${file}"
}

# cc_process ORG: the process of the server serving the committed definition.
cc_process() { cc_slot_process "$1" "$(cc_current_slot "$1")"; }

# cc_processes ORG: the current slot's process, and the other slot's while it is recorded.
cc_processes() {
  local current other
  current=$(cc_current_slot "$1")
  other=$(cc_other_slot "${current}")
  cc_slot_process "$1" "${current}"
  [[ -s "$(cc_dir "$1")/slots/${other}.json" ]] && cc_slot_process "$1" "${other}"
  return 0
}

# cc_digest_of DIR: SHA-256 over a chaincode build (DIR/dist/chaincode: file names and contents,
# sorted) — the digest members vote on, computed the same way by every member from the same
# source, and by the running chaincode over itself (membership:codeDigest).
cc_digest_of() {
  [[ -d "$1/dist/chaincode" ]] || log::fatal "no chaincode build in $1 (dist/chaincode)" "build it: npm run build"
  (cd "$1/dist/chaincode" && find . -type f -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-64)
}

# cc_code_digest: the digest of this checkout's build.
cc_code_digest() {
  cc_digest_of "${ROOT_DIR}"
}

cc_build() {
  log::step "Building the chaincode (TypeScript → dist/)"
  (cd "${ROOT_DIR}" && npm run --silent build) >&2 ||
    log::fatal "the chaincode does not compile" "run 'npm run build' and fix the errors it prints"
}

# cc_version_of DIGEST: the definition's version carries the build's code digest.
cc_version_of() { echo "0.1.0-${1:0:12}"; }

# cc_version: the version of this checkout's build.
cc_version() { cc_version_of "$(cc_code_digest)"; }

# cc_stage_build ORG SOURCE_DIR: copies a build (SOURCE_DIR/dist/chaincode and package.json)
# into the member's builds/<digest>/, which never changes afterwards; prints that folder.
cc_stage_build() {
  local org=$1 source=$2 digest dest
  digest=$(cc_digest_of "${source}")
  dest="$(cc_dir "${org}")/builds/${digest}"
  if [[ ! -d "${dest}" ]]; then
    mkdir -p "${dest}.tmp/dist"
    cp -a "${source}/dist/chaincode" "${dest}.tmp/dist/chaincode"
    cp "${ROOT_DIR}/package.json" "${dest}.tmp/package.json"
    # its dependencies are the checkout's, pinned by the lockfile
    ln -s "${ROOT_DIR}/node_modules" "${dest}.tmp/node_modules"
    # private like the rest of the member's folder, whatever modes the checkout's build has
    chmod -R go-rwx "${dest}.tmp"
    mv "${dest}.tmp" "${dest}"
  fi
  [[ "$(cc_digest_of "${dest}")" == "${digest}" ]] ||
    log::fatal "the staged build ${dest} does not have digest ${digest}" "delete $(rel "${dest}") and run the step again"
  echo "${dest}"
}

# cc_package ORG VERSION SLOT: run/ORG/chaincode/packages/SLOT.tar.gz naming ORG's server in SLOT.
cc_package() {
  local org=$1 version=$2 slot=$3 dir work
  dir=$(cc_dir "${org}")
  work="${dir}/pkg"
  rm -rf "${work}"
  mkdir -p "${work}/src" "${dir}/packages"
  jq -n --arg address "$(org_field "${org}" .chaincode.host):$(cc_slot_port "${org}" "${slot}")" \
    --rawfile root "$(org_dir "${org}")/chaincode/tls/ca.crt" \
    '{address: $address, dial_timeout: "10s", tls_required: true, client_auth_required: false, root_cert: $root}' \
    >"${work}/src/connection.json"
  jq -n --arg name "$(topo .chaincode.label)_${version}" '{"type": "ccaas", "label": $name}' >"${work}/metadata.json"
  tar -C "${work}/src" --sort=name --mtime=@0 --owner=0 --group=0 -czf "${work}/code.tar.gz" connection.json
  tar -C "${work}" --sort=name --mtime=@0 --owner=0 --group=0 -czf "${dir}/packages/${slot}.tar.gz" metadata.json code.tar.gz
  rm -rf "${work}"
}

# cc_package_file ORG [SLOT]
cc_package_file() { echo "$(cc_dir "$1")/packages/${2:-$(cc_current_slot "$1")}.tar.gz"; }

# cc_package_id ORG [SLOT]
cc_package_id() {
  peer_as_admin "$1" peer lifecycle chaincode calculatepackageid "$(cc_package_file "$1" "${2:-}")"
}

# cc_serve ORG SLOT BUILD_DIR VERSION: packages the build for SLOT, records the slot and starts
# its server (replacing one already in that slot).
cc_serve() {
  local org=$1 slot=$2 build=$3 version=$4 package_id
  cc_package "${org}" "${version}" "${slot}"
  package_id=$(cc_package_id "${org}" "${slot}")
  mkdir -p "$(cc_dir "${org}")/slots"
  if [[ "$(cc_slot_field "${org}" "${slot}" packageId)" != "${package_id}" || "$(cc_slot_field "${org}" "${slot}" build)" != "${build}" ]]; then
    stop_process "$(cc_slot_process "${org}" "${slot}")"
  fi
  jq -n --arg slot "${slot}" --argjson port "$(cc_slot_port "${org}" "${slot}")" --arg build "${build}" \
    --arg digest "$(basename "${build}")" --arg version "${version}" --arg packageId "${package_id}" \
    --arg package "$(cc_package_file "${org}" "${slot}")" \
    '{slot: $slot, port: $port, build: $build, digest: $digest, version: $version, packageId: $packageId, package: $package}' \
    >"$(cc_dir "${org}")/slots/${slot}.json"
  cc_start_slot "${org}" "${slot}"
}

# cc_start_slot ORG SLOT: starts the recorded server of SLOT; its peer dials it over TLS.
cc_start_slot() {
  local org=$1 slot=$2 tls name
  tls="$(org_dir "${org}")/chaincode/tls"
  name=$(cc_slot_process "${org}" "${slot}")
  [[ -n "$(cc_slot_field "${org}" "${slot}" build)" ]] ||
    log::fatal "${org} has no chaincode build recorded for slot ${slot}" "run scripts/member.sh up ${org}"
  start_process "${name}" "$(cc_slot_field "${org}" "${slot}" build)" env CORE_CHAINCODE_LOGGING_LEVEL=warning \
    CERTLEDGER_REPORT_CODE_DIGEST=1 \
    "${ROOT_DIR}/node_modules/.bin/fabric-chaincode-node" server \
    --chaincode-address "$(org_field "${org}" .chaincode.host):$(cc_slot_port "${org}" "${slot}")" \
    --chaincode-id "$(cc_slot_field "${org}" "${slot}" packageId)" \
    --chaincode-tls-cert-file "${tls}/server.crt" \
    --chaincode-tls-key-file "${tls}/server.key" \
    --module-path "$(cc_slot_field "${org}" "${slot}" build)"
  wait_for "${name}" 60 bash -c "exec 3<>/dev/tcp/$(org_field "${org}" .chaincode.host)/$(cc_slot_port "${org}" "${slot}")"
}

# cc_start_server ORG: the server of the current slot.
cc_start_server() {
  cc_start_slot "$1" "$(cc_current_slot "$1")"
}

# cc_served_digest ORG SLOT: the code digest the running server of SLOT reported when it started
# (the last "certledger chaincode code digest" line of its log); '' when it reported none.
cc_served_digest() {
  local name log
  name=$(cc_slot_process "$1" "$2")
  is_running "${name}" || return 0
  log=$(log_file "${name}")
  [[ -f "${log}" ]] || return 0
  sed -n 's/^certledger chaincode code digest \([0-9a-f]\{64\}\) .*/\1/p' "${log}" | tail -n 1
}

# cc_install ORG [PEER] [SLOT]: installs the member's package (of SLOT, the current one by
# default) on one of its peers.
cc_install() {
  local org=$1 peer=${2:-} slot=${3:-} package_id
  package_id=$(cc_package_id "${org}" "${slot}")
  if peer_as_admin_on "${org}" "${peer}" peer lifecycle chaincode queryinstalled --output json |
    jq -e --arg id "${package_id}" '.installed_chaincodes // [] | any(.package_id == $id)' >/dev/null; then
    log::info "$(peer_process "${org}" "${peer}"): package ${package_id:0:40}… already installed"
    return
  fi
  peer_as_admin_on "${org}" "${peer}" peer lifecycle chaincode install "$(cc_package_file "${org}" "${slot}")" >/dev/null
  log::info "$(peer_process "${org}" "${peer}"): installed ${package_id:0:40}…"
}

# cc_approve ORG VERSION SEQUENCE [SLOT]: approves the definition for ORG with the package of
# SLOT (the current one by default).
cc_approve() {
  local org=$1 version=$2 sequence=$3 slot=${4:-} package_id
  package_id=$(cc_package_id "${org}" "${slot}")
  if peer_as_admin "${org}" peer lifecycle chaincode queryapproved -C "$(topo .channel)" -n "$(cc_name)" \
    --sequence "${sequence}" --output json 2>/dev/null |
    jq -e --arg id "${package_id}" '.source.Type.LocalPackage.package_id == $id' >/dev/null; then
    log::info "${org}: definition ${version} (sequence ${sequence}) already approved"
    return
  fi
  local -a orderer=()
  mapfile -t orderer < <(orderer_args "${org}")
  # On a new channel the ordering service has a Raft leader only once a majority of the founders'
  # orderers have joined: the approval is retried for up to 90 s.
  local deadline=$((SECONDS + 90))
  until peer_as_admin "${org}" peer lifecycle chaincode approveformyorg "${orderer[@]}" \
    -C "$(topo .channel)" -n "$(cc_name)" --version "${version}" --sequence "${sequence}" \
    --package-id "${package_id}" --collections-config "$(cc_dir "${org}")/collections.json" \
    --waitForEvent >"$(org_log "${org}" lifecycle)" 2>&1; do
    ((SECONDS < deadline)) ||
      log::fatal "${org} could not approve the chaincode definition" "see $(rel "$(org_log "${org}" lifecycle)") and the peer log"
    sleep 2
  done
  log::info "${org}: approved definition ${version} (sequence ${sequence})"
}

# cc_committed_version ORG: the version of the committed definition ('' when none).
cc_committed_version() {
  local org=$1
  peer_as_admin "${org}" peer lifecycle chaincode querycommitted -C "$(topo .channel)" -n "$(cc_name)" --output json 2>/dev/null |
    jq -r '.version // ""' || true
}

# cc_committed_approved_by ORG: the committed definition lists ORG's approval.
cc_committed_approved_by() {
  local org=$1
  peer_as_admin "${org}" peer lifecycle chaincode querycommitted -C "$(topo .channel)" -n "$(cc_name)" --output json 2>/dev/null |
    jq -e --arg msp "$(org_field "${org}" .mspId)" '.approvals[$msp] == true' >/dev/null
}

cc_committed_sequence() {
  local org=$1
  peer_as_admin "${org}" peer lifecycle chaincode querycommitted -C "$(topo .channel)" -n "$(cc_name)" --output json 2>/dev/null |
    jq -r '.sequence // 0' || echo 0
}

# peer_targets ORG...: --peerAddresses/--tlsRootCertFiles for the first peer of each ORG, from
# the endpoints and TLS roots each member published (the caller's own from its own folder).
peer_targets() {
  local org
  for org in "$@"; do
    printf '%s\n' --peerAddresses "$(jq -r .peer.endpoint "$(exchange_org_dir "${org}")/definition.json")" \
      --tlsRootCertFiles "$(exchange_org_dir "${org}")/msp/tlscacerts/ca.pem"
  done
}

# cc_approvals ORG VERSION SEQUENCE: the MSP IDs that have approved the definition, one per line.
cc_approvals() {
  local org=$1 version=$2 sequence=$3
  peer_as_admin "${org}" peer lifecycle chaincode checkcommitreadiness -C "$(topo .channel)" -n "$(cc_name)" \
    --version "${version}" --sequence "${sequence}" --collections-config "$(cc_dir "${org}")/collections.json" \
    --output json 2>/dev/null | jq -r '.approvals // {} | to_entries[] | select(.value) | .key'
}

# cc_commit_when_ready ORG VERSION SEQUENCE: ORG commits the definition once a majority of the
# channel's members have approved it (the LifecycleEndorsement policy), endorsed by the peers of
# those that approved; before that it says how many approvals are still missing.
cc_commit_when_ready() {
  local org=$1 version=$2 sequence=$3 msp approved=() members
  members=$(channel_orgs "${org}" | wc -l)
  while read -r msp; do approved+=("$(org_of_msp "${msp}")"); done < <(cc_approvals "${org}" "${version}" "${sequence}")
  if ((${#approved[@]} * 2 <= members)); then
    log::info "definition ${version} (sequence ${sequence}) approved by ${#approved[@]} of ${members} members (${approved[*]:-none}); it is committed once more than half have approved"
    return
  fi
  local -a orderer=() targets=()
  mapfile -t orderer < <(orderer_args "${org}")
  mapfile -t targets < <(peer_targets "${approved[@]}")
  if ! peer_as_admin "${org}" peer lifecycle chaincode commit "${orderer[@]}" \
    -C "$(topo .channel)" -n "$(cc_name)" --version "${version}" --sequence "${sequence}" \
    --collections-config "$(cc_dir "${org}")/collections.json" "${targets[@]}" --waitForEvent >"$(org_log "${org}" lifecycle)" 2>&1; then
    # Another member that saw the same majority may have committed it first.
    if [[ "$(cc_committed_sequence "${org}")" -ge "${sequence}" ]]; then
      log::info "${org}: definition ${version} (sequence ${sequence}) was committed by another member"
      return
    fi
    log::fatal "committing the chaincode definition failed" "see $(rel "$(org_log "${org}" lifecycle)")"
  fi
  log::info "${org}: committed definition ${version} (sequence ${sequence}) on $(topo .channel), approved by ${approved[*]}"
}

# peer_reachable ORG: the first peer ORG published accepts connections (within 2 s).
peer_reachable() {
  local endpoint
  endpoint=$(jq -r .peer.endpoint "$(exchange_org_dir "$1")/definition.json")
  timeout 2 bash -c "exec 3<>/dev/tcp/${endpoint%:*}/${endpoint##*:}" 2>/dev/null
}

# cc_invoke ORG USER FUNCTION ARGS_JSON_ARRAY: submits a transaction as USER of ORG, endorsed by
# the first peer of every org in the channel's config whose peer is reachable (the policy needs a
# majority of them), and waits for it to commit.
cc_invoke() {
  local org=$1 user=$2 fn=$3 args=$4 ctor msp other
  local -a orderer=() targets=() orgs=()
  while read -r msp; do
    other=$(org_of_msp "${msp}")
    if peer_reachable "${other}"; then
      orgs+=("${other}")
    else
      log::warn "the peer of ${other} does not answer; the transaction is endorsed without it"
    fi
  done < <(channel_orgs "${org}")
  mapfile -t orderer < <(orderer_args "${org}")
  mapfile -t targets < <(peer_targets "${orgs[@]}")
  ctor=$(jq -cn --arg fn "${fn}" --argjson args "${args}" '{Args: ([$fn] + $args)}')
  peer_as_user "${org}" "${user}" peer chaincode invoke "${orderer[@]}" \
    -C "$(topo .channel)" -n "$(cc_name)" "${targets[@]}" -c "${ctor}" --waitForEvent
}

# cc_query_on ORG USER TARGET FUNCTION ARGS_JSON_ARRAY: evaluates as USER of ORG on the first
# peer of the member TARGET (its endpoint and TLS root as TARGET published them).
cc_query_on() {
  local org=$1 user=$2 target=$3 fn=$4 args=$5 ctor
  local -a targets=()
  mapfile -t targets < <(peer_targets "${target}")
  ctor=$(jq -cn --arg fn "${fn}" --argjson args "${args}" '{Args: ([$fn] + $args)}')
  peer_as_user "${org}" "${user}" peer chaincode query -C "$(topo .channel)" -n "$(cc_name)" "${targets[@]}" -c "${ctor}"
}

# cc_query ORG USER FUNCTION ARGS_JSON_ARRAY: evaluates on ORG's own peer.
cc_query() {
  local org=$1 user=$2 fn=$3 args=$4 ctor
  ctor=$(jq -cn --arg fn "${fn}" --argjson args "${args}" '{Args: ([$fn] + $args)}')
  peer_as_user "${org}" "${user}" peer chaincode query -C "$(topo .channel)" -n "$(cc_name)" -c "${ctor}"
}

# cc_member_deploy ORG: ORG's side of the chaincode: its server started with the build the
# channel runs — the recorded slot whose version is committed, or, on a new channel, this
# checkout's build in slot a — installed on its first peer and the definition approved for itself.
# Each step is skipped when already done; a channel running a build ORG does not have stops it,
# pointing to the governed upgrade.
cc_member_deploy() {
  local org=$1 version sequence committed committed_sequence slot build
  sequence=$(topo .chaincode.sequence)
  mkdir -p "$(cc_dir "${org}")"
  render_collections "$(cc_dir "${org}")/collections.json"
  committed=$(cc_committed_version "${org}")
  committed_sequence=$(cc_committed_sequence "${org}")
  slot=$(cc_current_slot "${org}")
  if [[ -n "${committed}" && "$(cc_slot_field "${org}" "${slot}" version)" == "${committed}" ]]; then
    # a restart: the server of the build the channel runs
    version=${committed}
    sequence=${committed_sequence}
    cc_start_slot "${org}" "${slot}"
  else
    version=$(cc_version)
    # The version carries the code digest: another one means this checkout's chaincode differs
    # from the one the channel runs, and serving it under the old definition cannot work.
    if [[ -n "${committed}" && "${committed}" != "${version}" ]]; then
      log::fatal "the channel runs $(cc_name) version ${committed} (sequence ${committed_sequence}) but this checkout builds version ${version}" \
        "upgrade in place under an approved proposal: scripts/chaincode-upgrade.sh (docs/operations.md \"Upgrade the chaincode\"); a local test network may instead start over: scripts/network.sh clean && scripts/network.sh up"
    fi
    [[ -n "${committed}" ]] && sequence=${committed_sequence}
    build=$(cc_stage_build "${org}" "${ROOT_DIR}")
    slot=a
    echo a >"$(cc_dir "${org}")/current"
    cc_serve "${org}" a "${build}" "${version}"
  fi
  cc_install "${org}"
  if [[ -n "${committed}" ]] && cc_committed_approved_by "${org}"; then
    # the committed definition records this member's approval (its peer may not hold the
    # approval's private details, e.g. after it joined by a ledger snapshot)
    log::info "${org}: the committed definition ${version} (sequence ${sequence}) records its approval"
  else
    cc_approve "${org}" "${version}" "${sequence}"
  fi
  if [[ -z "${committed}" ]]; then
    cc_commit_when_ready "${org}" "${version}" "${sequence}"
  else
    log::info "${org}: chaincode $(cc_name) ${version} (sequence ${sequence}) is committed"
  fi
}

# cc_answering ORG: the committed chaincode answers a read on ORG's peer.
cc_answering() {
  cc_query "$1" admin1 membership:listMembers '[]'
}

# cc_init_consortium ORG: ORG (the regulator) records the founders — from the MSP definitions and
# node certificates they published — their nodes and the charter (defaults plus the topology's
# overrides) with membership:initConsortium. Skipped when the ledger already has a consortium.
cc_init_consortium() {
  local first=$1 founders org ex
  if cc_query "${first}" admin1 membership:getCharter '[]' >/dev/null 2>&1; then
    log::info "the consortium is already initialised"
    return
  fi
  founders='[]'
  while read -r org; do
    ex=$(exchange_org_dir "${org}")
    founders=$(jq -c --slurpfile definition "${ex}/definition.json" \
      --rawfile ca "${ex}/msp/cacerts/ca.pem" --rawfile tls "${ex}/msp/tlscacerts/ca.pem" \
      --rawfile peerTls "${ex}/nodes/$(org_field "${org}" .peer.name).crt" \
      --rawfile ordererTls "${ex}/nodes/$(org_field "${org}" .orderer.name).crt" \
      '($definition[0]) as $d | . + [{mspId: $d.mspId, name: $d.displayName, role: $d.role, caRootPem: $ca, tlsRootPem: $tls, credentials: $d.credentials,
             nodes: [{nodeId: "\($d.peer.name).\($d.name)", type: "PEER", endpoint: $d.peer.endpoint, tlsCertPem: $peerTls},
                     {nodeId: "\($d.orderer.name).\($d.name)", type: "ORDERER", endpoint: $d.orderer.endpoint, tlsCertPem: $ordererTls}]}]' <<<"${founders}")
  done < <(founder_names)
  local charter
  # The default charter with the topology's overrides (short durations for a local consortium;
  # jq's * merges objects deeply, so durations.maxValidity can override one scheme as "PT30S").
  charter=$(node -e 'process.stdout.write(JSON.stringify(require(process.argv[1]).DEFAULT_CHARTER))' \
    "${ROOT_DIR}/dist/chaincode/src/domain/charter.js" |
    jq -c --argjson overrides "$(topo '.charter // {} | del(._comment)' -c)" '. * $overrides')
  cc_invoke "${first}" admin1 membership:initConsortium "$(jq -cn --arg c "${charter}" --arg f "${founders}" '[$c, $f]')" >"$(org_log "${first}" init-consortium)" 2>&1 ||
    log::fatal "membership:initConsortium failed" "see $(rel "$(org_log "${first}" init-consortium)") and $(rel "$(log_file "$(cc_process "${first}")")")"
  log::info "consortium initialised with founders: $(jq -r '[.[].mspId] | join(", ")' <<<"${founders}")"
}
