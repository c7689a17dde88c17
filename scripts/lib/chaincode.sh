#!/usr/bin/env bash
# The chaincode as a service: build it, package one ccaas package per member (each holds only
# that member's server address), run each member's chaincode server, and take the definition
# through Fabric's lifecycle (install, approve by every member, commit).
# Requires scripts/lib/env.sh, scripts/lib/render.sh and scripts/lib/peer.sh.

CC_DIR="${RUN_DIR}/chaincode"

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

# cc_package ORG VERSION: run/chaincode/ORG/certledger.tar.gz pointing at ORG's chaincode server.
cc_package() {
  local org=$1 version=$2 dir work
  dir="${CC_DIR}/${org}"
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
  peer_as_admin "$1" peer lifecycle chaincode calculatepackageid "${CC_DIR}/$1/certledger.tar.gz"
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

cc_install() {
  local org=$1 package_id
  package_id=$(cc_package_id "${org}")
  if peer_as_admin "${org}" peer lifecycle chaincode queryinstalled --output json |
    jq -e --arg id "${package_id}" '.installed_chaincodes // [] | any(.package_id == $id)' >/dev/null; then
    log::info "${org}: package ${package_id:0:40}… already installed"
    return
  fi
  peer_as_admin "${org}" peer lifecycle chaincode install "${CC_DIR}/${org}/certledger.tar.gz" >/dev/null
  log::info "${org}: installed ${package_id:0:40}…"
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
  peer_as_admin "${org}" peer lifecycle chaincode approveformyorg \
    -o "$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.port)" --tls --cafile "$(orderer_ca "${org}")" \
    -C "$(topo .channel)" -n "$(cc_name)" --version "${version}" --sequence "${sequence}" \
    --package-id "${package_id}" --collections-config "${CC_DIR}/collections.json" \
    --waitForEvent >/dev/null 2>&1 ||
    log::fatal "${org} could not approve the chaincode definition" "see the peer log run/logs/$(peer_process "${org}").log"
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

# cc_commit ORG VERSION SEQUENCE: commits with endorsements from every running member's peer.
cc_commit() {
  local org=$1 version=$2 sequence=$3 other
  local -a targets=()
  while read -r other; do
    targets+=(--peerAddresses "$(org_field "${other}" .peer.host):$(org_field "${other}" .peer.port)"
      --tlsRootCertFiles "$(org_dir "${other}")/msp/tlscacerts/ca.pem")
  done < <(org_names)
  peer_as_admin "${org}" peer lifecycle chaincode commit \
    -o "$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.port)" --tls --cafile "$(orderer_ca "${org}")" \
    -C "$(topo .channel)" -n "$(cc_name)" --version "${version}" --sequence "${sequence}" \
    --collections-config "${CC_DIR}/collections.json" "${targets[@]}" --waitForEvent >/dev/null 2>&1 ||
    log::fatal "committing the chaincode definition failed" "check that every member approved: scripts/network.sh status"
  log::info "committed definition ${version} (sequence ${sequence}) on $(topo .channel)"
}

# cc_invoke ORG USER FUNCTION ARGS_JSON_ARRAY: submits a transaction as USER of ORG and waits for it.
cc_invoke() {
  local org=$1 user=$2 fn=$3 args=$4 other
  local -a targets=()
  while read -r other; do
    targets+=(--peerAddresses "$(org_field "${other}" .peer.host):$(org_field "${other}" .peer.port)"
      --tlsRootCertFiles "$(org_dir "${other}")/msp/tlscacerts/ca.pem")
  done < <(org_names)
  local ctor
  ctor=$(jq -cn --arg fn "${fn}" --argjson args "${args}" '{Args: ([$fn] + $args)}')
  peer_as_user "${org}" "${user}" peer chaincode invoke \
    -o "$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.port)" --tls --cafile "$(orderer_ca "${org}")" \
    -C "$(topo .channel)" -n "$(cc_name)" "${targets[@]}" -c "${ctor}" --waitForEvent
}

# cc_query ORG USER FUNCTION ARGS_JSON_ARRAY: evaluates on ORG's own peer.
cc_query() {
  local org=$1 user=$2 fn=$3 args=$4 ctor
  ctor=$(jq -cn --arg fn "${fn}" --argjson args "${args}" '{Args: ([$fn] + $args)}')
  peer_as_user "${org}" "${user}" peer chaincode query -C "$(topo .channel)" -n "$(cc_name)" -c "${ctor}"
}

# cc_deploy: build, package, serve, install, approve and commit the chaincode; then bootstrap
# the consortium. Each step is skipped when already done.
cc_deploy() {
  local version sequence org first
  cc_build
  version="0.1.0-$(cc_code_digest | cut -c1-12)"
  sequence=$(topo .chaincode.sequence)
  mkdir -p "${CC_DIR}"
  first=$(org_names | head -n 1)
  if [[ "$(cc_committed_sequence "${first}")" -ge "${sequence}" ]]; then
    local committed
    committed=$(cc_committed_version "${first}")
    # The version carries the code digest: another one means this checkout's chaincode differs
    # from the one the channel runs, and serving it under the old definition cannot work.
    if [[ -n "${committed}" && "${committed}" != "${version}" ]]; then
      log::fatal "the channel runs $(cc_name) version ${committed} (sequence ${sequence}) but this checkout builds version ${version}" \
        "the governed upgrade is not scripted yet; a local test network starts over with: scripts/network.sh clean && scripts/network.sh up"
    fi
  fi
  render_collections "${CC_DIR}/collections.json"
  while read -r org; do
    cc_package "${org}" "${version}"
    cc_start_server "${org}"
    cc_install "${org}"
  done < <(org_names)
  if [[ "$(cc_committed_sequence "${first}")" -ge "${sequence}" ]]; then
    log::info "chaincode $(cc_name) sequence ${sequence} is already committed"
  else
    while read -r org; do cc_approve "${org}" "${version}" "${sequence}"; done < <(org_names)
    cc_commit "${first}" "${version}" "${sequence}"
  fi
  wait_for "$(cc_process "${first}")" 60 cc_query "${first}" admin1 membership:listMembers '[]'
}

# cc_init_consortium: membership:initConsortium with the charter (defaults plus the topology's
# overrides) and every org of the topology as a founder (skipped when the ledger already has a consortium).
cc_init_consortium() {
  local first founders org
  first=$(topo '.orgs[] | select(.role == "REGULATOR") | .name')
  if cc_query "${first}" admin1 membership:getCharter '[]' >/dev/null 2>&1; then
    log::info "the consortium is already initialised"
    return
  fi
  founders='[]'
  while read -r org; do
    founders=$(jq -c --arg msp "$(org_field "${org}" .mspId)" --arg name "$(org_field "${org}" .displayName)" \
      --arg role "$(org_field "${org}" .role)" --argjson cred "$(org_field "${org}" '.credentials // {}' -c)" \
      --rawfile ca "$(org_dir "${org}")/msp/cacerts/ca.pem" --rawfile tls "$(org_dir "${org}")/msp/tlscacerts/ca.pem" \
      --arg peer "$(org_field "${org}" .peer.name).${org}" --arg peerAt "$(org_field "${org}" .peer.host):$(org_field "${org}" .peer.port)" \
      --rawfile peerTls "$(peer_dir "${org}")/tls/server.crt" \
      --arg orderer "$(org_field "${org}" .orderer.name).${org}" --arg ordererAt "$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.port)" \
      --rawfile ordererTls "$(orderer_dir "${org}")/tls/server.crt" \
      '. + [{mspId: $msp, name: $name, role: $role, caRootPem: $ca, tlsRootPem: $tls, credentials: $cred,
             nodes: [{nodeId: $peer, type: "PEER", endpoint: $peerAt, tlsCertPem: $peerTls},
                     {nodeId: $orderer, type: "ORDERER", endpoint: $ordererAt, tlsCertPem: $ordererTls}]}]' <<<"${founders}")
  done < <(org_names)
  local charter
  # The default charter with the topology's overrides (short durations for a local consortium;
  # jq's * merges objects deeply, so durations.maxValidity can override one scheme as "PT30S").
  charter=$(node -e 'process.stdout.write(JSON.stringify(require(process.argv[1]).DEFAULT_CHARTER))' \
    "${ROOT_DIR}/dist/chaincode/src/domain/charter.js" |
    jq -c --argjson overrides "$(topo '.charter // {} | del(._comment)' -c)" '. * $overrides')
  cc_invoke "${first}" admin1 membership:initConsortium "$(jq -cn --arg c "${charter}" --arg f "${founders}" '[$c, $f]')" >/dev/null 2>&1 ||
    log::fatal "membership:initConsortium failed" "see run/logs/$(cc_process "${first}").log"
  log::info "consortium initialised with founders: $(jq -r '[.[].mspId] | join(", ")' <<<"${founders}")"
}
