#!/usr/bin/env bash
# Orderers, peers and the channel: start each node from its rendered configuration, create the
# channel through the channel participation API, join every node, wait for the Raft leader.
# Requires scripts/lib/env.sh and scripts/lib/render.sh.

# A member's first peer and orderer are `.peer` and `.orderer` of its topology entry; the nodes it
# adds later are in `.extraPeers` and `.extraOrderers`. Every node function takes ORG and, for
# another node than the first, its NAME.

# node_spec ORG KIND [NAME]: the topology entry (JSON) of one peer or orderer of ORG.
node_spec() {
  local org=$1 kind=$2 name=${3:-}
  local extra=extraPeers
  [[ "${kind}" == orderer ]] && extra=extraOrderers
  topo ".orgs[] | select(.name == \$org) | [.${kind}] + (.${extra} // []) | map(select(. != null))
    | (if \$name == \"\" then .[0] else (.[] | select(.name == \$name)) end)" -c --arg org "${org}" --arg name "${name}" 2>/dev/null ||
    log::fatal "${org} has no ${kind} ${name:-(none in the topology)}" "add it to ${TOPOLOGY} (.${kind} or .${extra})"
}

# node_field ORG KIND NAME FIELD: one field of a node's topology entry (NAME '' for the first).
node_field() {
  node_spec "$1" "$2" "$3" | jq -er ".$4"
}

# node_process KIND ORG [NAME]: a node's process name: KIND-ORG for the first, KIND-ORG-NAME after.
node_process() {
  local kind=$1 org=$2 name=${3:-}
  if [[ -z "${name}" || "${name}" == "$(node_field "${org}" "${kind}" '' name)" ]]; then
    echo "${kind}-${org}"
  else
    echo "${kind}-${org}-${name}"
  fi
}

peer_process() { node_process peer "$1" "${2:-}"; }
orderer_process() { node_process orderer "$1" "${2:-}"; }
peer_dir() { echo "$(org_dir "$1")/peers/$(node_field "$1" peer "${2:-}" name)"; }
orderer_dir() { echo "$(org_dir "$1")/orderers/$(node_field "$1" orderer "${2:-}" name)"; }
peer_address() { echo "$(node_field "$1" peer "${2:-}" host):$(node_field "$1" peer "${2:-}" port)"; }
orderer_address() { echo "$(node_field "$1" orderer "${2:-}" host):$(node_field "$1" orderer "${2:-}" port)"; }
# The channel's genesis block, as the founder that made it hands it to every member.
channel_block() { echo "${EXCHANGE_DIR}/channel/$(topo .channel).genesis.block"; }

# ordering_service ORG: "ADDRESS CA_FILE" of the orderer ORG sends transactions to: its own when
# it runs one, otherwise the first founder's, as published in the exchange folder.
ordering_service() {
  local org=$1 other
  if has_orderer "$1"; then
    echo "$(orderer_address "${org}") $(orderer_dir "${org}")/tls/ca.crt"
    return
  fi
  other=$(founder_names | head -n 1)
  echo "$(jq -r .orderer.endpoint "$(exchange_org_dir "${other}")/definition.json") $(exchange_org_dir "${other}")/msp/tlscacerts/ca.pem"
}

# orderer_args ORG: the -o/--cafile arguments of a peer CLI command that reaches the orderers.
orderer_args() {
  local address ca
  read -r address ca < <(ordering_service "$1")
  printf '%s\n' -o "${address}" --tls --cafile "${ca}"
}

# peer_as ORG PEER USER COMMAND...: runs a peer CLI command as USER of ORG against one of ORG's
# peers (PEER '' for the first).
peer_as() {
  local org=$1 peer=$2 user=$3
  shift 3
  local dir
  dir=$(org_dir "${org}")
  # The CLI needs only Fabric's sample core.yaml; every setting it acts on is given here.
  env FABRIC_CFG_PATH="${FABRIC_SAMPLE_CONFIG}" \
    FABRIC_LOGGING_SPEC=warning \
    CORE_PEER_LOCALMSPID="$(org_field "${org}" .mspId)" \
    CORE_PEER_MSPCONFIGPATH="${dir}/users/${user}/msp" \
    CORE_PEER_ADDRESS="$(peer_address "${org}" "${peer}")" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="${dir}/msp/tlscacerts/ca.pem" \
    "$@"
}

# peer_as_user ORG USER COMMAND...: as USER of ORG against ORG's first peer.
peer_as_user() {
  local org=$1 user=$2
  shift 2
  peer_as "${org}" '' "${user}" "$@"
}

peer_as_admin() {
  local org=$1
  shift
  peer_as "${org}" '' admin1 "$@"
}

# peer_as_admin_on ORG PEER COMMAND...
peer_as_admin_on() {
  local org=$1 peer=$2
  shift 2
  peer_as "${org}" "${peer}" admin1 "$@"
}

# orderer_start ORG [NAME]
orderer_start() {
  local org=$1 name=${2:-} dir cfg
  dir=$(orderer_dir "${org}" "${name}")
  cfg=$(node_config_dir "${org}" orderer "$(node_field "${org}" orderer "${name}" name)")
  local -a vars=()
  mapfile -t vars <"${cfg}/orderer.env"
  start_process "$(orderer_process "${org}" "${name}")" "${dir}" env "${vars[@]}" orderer
  wait_for "$(orderer_process "${org}" "${name}")" 60 healthz_ok \
    "$(node_field "${org}" orderer "${name}" host):$(node_field "${org}" orderer "${name}" operationsPort)" "${dir}/tls/ca.crt"
}

# peer_start ORG [NAME]
peer_start() {
  local org=$1 name=${2:-} dir cfg
  dir=$(peer_dir "${org}" "${name}")
  cfg=$(node_config_dir "${org}" peer "$(node_field "${org}" peer "${name}" name)")
  local -a vars=()
  mapfile -t vars <"${cfg}/peer.env"
  start_process "$(peer_process "${org}" "${name}")" "${dir}" env "${vars[@]}" peer node start
  wait_for "$(peer_process "${org}" "${name}")" 60 healthz_ok \
    "$(node_field "${org}" peer "${name}" host):$(node_field "${org}" peer "${name}" operationsPort)" "${dir}/tls/ca.crt"
}

# osnadmin_for ORG NAME ARGS...: the channel participation API of one of ORG's orderers ('' for
# the first), with that orderer's own TLS pair as the admin client certificate.
osnadmin_for() {
  local org=$1 name=$2
  shift 2
  local tls
  tls="$(orderer_dir "${org}" "${name}")/tls"
  osnadmin channel "$@" -o "$(node_field "${org}" orderer "${name}" host):$(node_field "${org}" orderer "${name}" adminPort)" \
    --ca-file "${tls}/ca.crt" --client-cert "${tls}/server.crt" --client-key "${tls}/server.key"
}

# channel_create_block ORG: ORG makes the channel's genesis block from the founders' MSP
# definitions and orderer TLS certificates as they published them in the exchange folder, and
# publishes the block there for every founder to join with.
channel_create_block() {
  local org=$1 block work founder
  block=$(channel_block)
  if [[ -s "${block}" ]]; then
    log::info "the genesis block of $(topo .channel) is already in $(rel "${block}")"
    return
  fi
  while read -r founder; do
    [[ -s "$(exchange_org_dir "${founder}")/definition.json" ]] ||
      log::fatal "founder ${founder} has not published its MSP definition yet" "${founder}'s operator runs: scripts/member.sh up ${founder}"
  done < <(founder_names)
  log::step "${org}: creating the genesis block of channel $(topo .channel) from the founders' MSP definitions"
  work="$(org_dir "${org}")/channel"
  render_configtx "${work}"
  FABRIC_CFG_PATH="${work}" configtxgen -profile CertChannel -channelID "$(topo .channel)" \
    -outputBlock "${work}/genesis.block" >"$(org_log "${org}" configtxgen)" 2>&1 ||
    log::fatal "configtxgen could not build the channel's genesis block" "see $(rel "$(org_log "${org}" configtxgen)")"
  mkdir -p "$(dirname "${block}")"
  cp "${work}/genesis.block" "${block}"
  log::info "published the genesis block in $(rel "${block}")"
}

# orderer_on_channel ORG [NAME]: the orderer answers that it is on the channel.
orderer_on_channel() {
  local answer
  # Outputs are read whole before they are searched (see orderer_is_leader).
  answer=$(osnadmin_for "$1" "${2:-}" list --channelID "$(topo .channel)" 2>/dev/null || true)
  grep -q '^Status: 200' <<<"${answer}"
}

# orderer_join_channel ORG [NAME] [BLOCK]: joins one orderer with BLOCK (the genesis block unless
# given: a consenter added later joins with the latest config block and replicates the rest).
orderer_join_channel() {
  local org=$1 name=${2:-} block=${3:-} channel answer
  channel=$(topo .channel)
  [[ -n "${block}" ]] || block=$(channel_block)
  if orderer_on_channel "${org}" "${name}"; then
    log::info "$(orderer_process "${org}" "${name}") is already on ${channel}"
    return
  fi
  answer=$(osnadmin_for "${org}" "${name}" join --channelID "${channel}" --config-block "${block}" 2>&1 || true)
  grep -q '^Status: 201' <<<"${answer}" ||
    log::fatal "$(orderer_process "${org}" "${name}") could not join ${channel}: $(tr '\n' ' ' <<<"${answer}")" \
      "see $(rel "$(log_file "$(orderer_process "${org}" "${name}")")")"
  log::info "$(orderer_process "${org}" "${name}") joined ${channel}"
}

# orderer_metrics ORG [NAME]: the orderer's operations /metrics page. It needs a client
# certificate from the org's CA; the node's own TLS pair is one. The page is read whole before it
# is searched: `curl | grep -q` under pipefail fails when grep stops reading at the first match
# and curl, writing into the closed pipe, exits 23.
orderer_metrics() {
  local tls
  tls="$(orderer_dir "$1" "${2:-}")/tls"
  curl -sf --max-time 2 --cacert "${tls}/ca.crt" --cert "${tls}/server.crt" --key "${tls}/server.key" \
    "https://$(node_field "$1" orderer "${2:-}" host):$(node_field "$1" orderer "${2:-}" operationsPort)/metrics"
}

# orderer_is_leader ORG [NAME]: this orderer reports itself Raft leader of the channel.
orderer_is_leader() {
  local metrics
  metrics=$(orderer_metrics "$1" "${2:-}") || return 1
  grep -Eq "^consensus_etcdraft_is_leader\\{channel=\"$(topo .channel)\"\\} 1" <<<"${metrics}"
}

# raft_leader: the org whose orderer reports itself Raft leader (empty if none). Each member asks
# its own orderer with its own key; only the local demo, which runs every member, loops over all.
raft_leader() {
  local org
  while read -r org; do
    if has_orderer "${org}" && is_running "$(orderer_process "${org}")" && orderer_is_leader "${org}"; then
      echo "${org}"
      return
    fi
  done < <(org_names)
}

raft_has_leader() { [[ -n "$(raft_leader)" ]]; }

# peer_on_channel ORG [NAME]
peer_on_channel() {
  local joined
  joined=$(peer_as_admin_on "$1" "${2:-}" peer channel list 2>/dev/null || true)
  grep -qx "$(topo .channel)" <<<"${joined}"
}

# peer_join_channel ORG [NAME]: joins one peer with the channel's genesis block from the exchange
# folder; it then pulls every later block from the orderers, which let it once its org is in the
# channel config.
peer_join_channel() {
  local org=$1 name=${2:-} channel
  channel=$(topo .channel)
  if peer_on_channel "${org}" "${name}"; then
    log::info "$(peer_process "${org}" "${name}") is already on ${channel}"
    return
  fi
  [[ -s "$(channel_block)" ]] ||
    log::fatal "no genesis block of ${channel} in $(rel "$(channel_block)")" "get it from a member (scripts/member.sh up on a founder publishes it)"
  # The orderers must have the block before a peer can pull the channel from them.
  wait_for "$(peer_process "${org}" "${name}")" 60 peer_as_admin_on "${org}" "${name}" peer channel join -b "$(channel_block)" ||
    log::fatal "$(peer_process "${org}" "${name}") could not join ${channel}" "see $(rel "$(log_file "$(peer_process "${org}" "${name}")")")"
  log::info "$(peer_process "${org}" "${name}") joined ${channel}"
}

# peer_metrics ORG [NAME]: a peer's operations /metrics page (see peer_height).
peer_metrics() {
  local tls
  tls="$(peer_dir "$1" "${2:-}")/tls"
  curl -sf --max-time 2 --cacert "${tls}/ca.crt" --cert "${tls}/server.crt" --key "${tls}/server.key" \
    "https://$(node_field "$1" peer "${2:-}" host):$(node_field "$1" peer "${2:-}" operationsPort)/metrics"
}

# peer_knows_peers ORG COUNT: ORG's first peer knows at least COUNT other peers on the channel
# through gossip (gossip_membership_total_peers_known): what service discovery builds endorsement
# plans from, so a gateway can find a majority of endorsers.
peer_knows_peers() {
  local metrics known
  metrics=$(peer_metrics "$1") || return 1
  known=$(sed -n "s/^gossip_membership_total_peers_known{channel=\"$(topo .channel)\"} \([0-9]*\).*/\1/p" <<<"${metrics}")
  [[ -n "${known}" ]] && ((known >= $2))
}

# peer_height ORG [NAME]: the channel's block height on one of ORG's peers, from its operations
# endpoint (ledger_blockchain_height): it needs no channel identity, so it also answers for the
# peer of a member that has left the channel. /metrics wants a client certificate from the org's
# CA; the node's own TLS pair is one. The page is read whole before it is searched.
peer_height() {
  local metrics height
  metrics=$(peer_metrics "$1" "${2:-}") || return 1
  height=$(sed -n "s/^ledger_blockchain_height{channel=\"$(topo .channel)\"} \([0-9]*\).*/\1/p" <<<"${metrics}")
  [[ -n "${height}" ]] || return 1
  echo "${height}"
}
