#!/usr/bin/env bash
# The chaincode as a service: build it, package one ccaas package per member (each holds only
# that member's server address), run each member's chaincode server, and take the definition
# through Fabric's lifecycle: each member installs and approves for itself; the definition is
# committed once a majority has approved. Requires scripts/lib/env.sh, render.sh and nodes.sh.

# cc_dir ORG: the member's chaincode package and collections config.
cc_dir() { echo "$(org_dir "$1")/chaincode"; }
cc_name() { topo .chaincode.name; }
cc_process() { echo "chaincode-$1"; }

# cc_code_digest: SHA-256 over the built chaincode (file names and contents, sorted) — the
# digest members vote on, computed the same way by every member from the same source.
cc_code_digest() {
  (cd "${ROOT_DIR}/dist/chaincode" && find . -type f -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -c1-64)
}

cc_build() {
  log::step "Building the chaincode (TypeScript → dist/)"
  (cd "${ROOT_DIR}" && npm run --silent build) >&2 ||
    log::fatal "the chaincode does not compile" "run 'npm run build' and fix the errors it prints"
}

# cc_version: the definition's version: it carries the code digest of the checkout's build.
cc_version() { echo "0.1.0-$(cc_code_digest | cut -c1-12)"; }

# cc_package ORG VERSION: run/ORG/chaincode/certledger.tar.gz pointing at ORG's chaincode server.
cc_package() {
  local org=$1 version=$2 dir work
  dir=$(cc_dir "${org}")
  work="${dir}/pkg"
  rm -rf "${work}"
  mkdir -p "${work}/src"
  jq -n --arg address "$(org_field "${org}" .chaincode.host):$(org_field "${org}" .chaincode.port)" \
    --rawfile root "$(org_dir "${org}")/chaincode/tls/ca.crt" \
    '{address: $address, dial_timeout: "10s", tls_required: true, client_auth_required: false, root_cert: $root}' \
    >"${work}/src/connection.json"
  jq -n --arg name "$(topo .chaincode.label)_${version}" '{"type": "ccaas", "label": $name}' >"${work}/metadata.json"
  tar -C "${work}/src" --sort=name --mtime=@0 --owner=0 --group=0 -czf "${work}/code.tar.gz" connection.json
  tar -C "${work}" --sort=name --mtime=@0 --owner=0 --group=0 -czf "${dir}/certledger.tar.gz" metadata.json code.tar.gz
  rm -rf "${work}"
}

cc_package_id() {
  peer_as_admin "$1" peer lifecycle chaincode calculatepackageid "$(cc_dir "$1")/certledger.tar.gz"
}

# cc_start_server ORG: the member's chaincode server, which its peer dials over TLS.
cc_start_server() {
  local org=$1 package_id tls
  package_id=$(cc_package_id "${org}")
  tls="$(org_dir "${org}")/chaincode/tls"
  start_process "$(cc_process "${org}")" "${ROOT_DIR}" env CORE_CHAINCODE_LOGGING_LEVEL=warning \
    "${ROOT_DIR}/node_modules/.bin/fabric-chaincode-node" server \
    --chaincode-address "$(org_field "${org}" .chaincode.host):$(org_field "${org}" .chaincode.port)" \
    --chaincode-id "${package_id}" \
    --chaincode-tls-cert-file "${tls}/server.crt" \
    --chaincode-tls-key-file "${tls}/server.key" \
    --module-path "${ROOT_DIR}"
  wait_for "$(cc_process "${org}")" 60 bash -c "exec 3<>/dev/tcp/$(org_field "${org}" .chaincode.host)/$(org_field "${org}" .chaincode.port)"
}

# cc_install ORG [PEER]: installs the member's package on one of its peers.
cc_install() {
  local org=$1 peer=${2:-} package_id
  package_id=$(cc_package_id "${org}")
  if peer_as_admin_on "${org}" "${peer}" peer lifecycle chaincode queryinstalled --output json |
    jq -e --arg id "${package_id}" '.installed_chaincodes // [] | any(.package_id == $id)' >/dev/null; then
    log::info "$(peer_process "${org}" "${peer}"): package ${package_id:0:40}… already installed"
    return
  fi
  peer_as_admin_on "${org}" "${peer}" peer lifecycle chaincode install "$(cc_dir "${org}")/certledger.tar.gz" >/dev/null
  log::info "$(peer_process "${org}" "${peer}"): installed ${package_id:0:40}…"
}

# cc_approve ORG VERSION SEQUENCE
cc_approve() {
  local org=$1 version=$2 sequence=$3 package_id
  package_id=$(cc_package_id "${org}")
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

# cc_query ORG USER FUNCTION ARGS_JSON_ARRAY: evaluates on ORG's own peer.
cc_query() {
  local org=$1 user=$2 fn=$3 args=$4 ctor
  ctor=$(jq -cn --arg fn "${fn}" --argjson args "${args}" '{Args: ([$fn] + $args)}')
  peer_as_user "${org}" "${user}" peer chaincode query -C "$(topo .channel)" -n "$(cc_name)" -c "${ctor}"
}

# cc_member_deploy ORG: ORG's side of the chaincode: package it for its own server, start the
# server, install it on its first peer and approve the definition for itself — the committed one
# when the channel already runs this build, the topology's sequence on a new channel. Each step is
# skipped when already done; a channel running another build stops it with the reason.
cc_member_deploy() {
  local org=$1 version sequence committed committed_sequence
  version=$(cc_version)
  sequence=$(topo .chaincode.sequence)
  mkdir -p "$(cc_dir "${org}")"
  render_collections "$(cc_dir "${org}")/collections.json"
  committed=$(cc_committed_version "${org}")
  committed_sequence=$(cc_committed_sequence "${org}")
  # The version carries the code digest: another one means this checkout's chaincode differs
  # from the one the channel runs, and serving it under the old definition cannot work.
  if [[ -n "${committed}" && "${committed}" != "${version}" ]]; then
    log::fatal "the channel runs $(cc_name) version ${committed} (sequence ${committed_sequence}) but this checkout builds version ${version}" \
      "the governed upgrade is not scripted yet; a local test network starts over with: scripts/network.sh clean && scripts/network.sh up"
  fi
  [[ -n "${committed}" ]] && sequence=${committed_sequence}
  cc_package "${org}" "${version}"
  cc_start_server "${org}"
  cc_install "${org}"
  cc_approve "${org}" "${version}" "${sequence}"
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
