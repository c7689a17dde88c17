#!/usr/bin/env bash
# Orderers, peers and the channel: start each node from its rendered configuration, create the
# channel through the channel participation API, join every node, wait for the Raft leader.
# Requires scripts/lib/env.sh and scripts/lib/render.sh.

peer_process() { echo "peer-$1"; }
orderer_process() { echo "orderer-$1"; }
peer_dir() { echo "$(org_dir "$1")/peers/$(org_field "$1" .peer.name)"; }
orderer_dir() { echo "$(org_dir "$1")/orderers/$(org_field "$1" .orderer.name)"; }
orderer_ca() { echo "$(orderer_dir "$1")/tls/ca.crt"; }
channel_block() { echo "${RUN_DIR}/channel/$(topo .channel).block"; }

# peer_as_user ORG USER COMMAND...: runs a peer CLI command as USER of ORG against ORG's peer.
peer_as_user() {
  local org=$1 user=$2
  shift 2
  local dir
  dir=$(org_dir "${org}")
  env FABRIC_CFG_PATH="$(node_config_dir "${org}" peer "$(org_field "${org}" .peer.name)")" \
    FABRIC_LOGGING_SPEC=warning \
    CORE_PEER_LOCALMSPID="$(org_field "${org}" .mspId)" \
    CORE_PEER_MSPCONFIGPATH="${dir}/users/${user}/msp" \
    CORE_PEER_ADDRESS="$(org_field "${org}" .peer.host):$(org_field "${org}" .peer.port)" \
    CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="${dir}/msp/tlscacerts/ca.pem" \
    "$@"
}

peer_as_admin() {
  local org=$1
  shift
  peer_as_user "${org}" admin1 "$@"
}

orderer_start() {
  local org=$1 dir cfg
  dir=$(orderer_dir "${org}")
  cfg=$(node_config_dir "${org}" orderer "$(org_field "${org}" .orderer.name)")
  local -a vars=()
  mapfile -t vars <"${cfg}/orderer.env"
  start_process "$(orderer_process "${org}")" "${dir}" env "${vars[@]}" orderer
  wait_for "$(orderer_process "${org}")" 60 healthz_ok \
    "$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.operationsPort)" "$(orderer_ca "${org}")"
}

peer_start() {
  local org=$1 dir cfg
  dir=$(peer_dir "${org}")
  cfg=$(node_config_dir "${org}" peer "$(org_field "${org}" .peer.name)")
  local -a vars=()
  mapfile -t vars <"${cfg}/peer.env"
  start_process "$(peer_process "${org}")" "${dir}" env "${vars[@]}" peer node start
  wait_for "$(peer_process "${org}")" 60 healthz_ok \
    "$(org_field "${org}" .peer.host):$(org_field "${org}" .peer.operationsPort)" "$(peer_dir "${org}")/tls/ca.crt"
}

osnadmin_for() {
  local org=$1
  shift
  local tls
  tls="$(orderer_dir "${org}")/tls"
  osnadmin channel "$@" -o "$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.adminPort)" \
    --ca-file "${tls}/ca.crt" --client-cert "${tls}/server.crt" --client-key "${tls}/server.key"
}

channel_create_block() {
  local block
  block=$(channel_block)
  [[ -s "${block}" ]] && return
  log::step "Creating the genesis block of channel $(topo .channel)"
  render_configtx "${RUN_DIR}/channel"
  FABRIC_CFG_PATH="${RUN_DIR}/channel" configtxgen -profile CertChannel -channelID "$(topo .channel)" \
    -outputBlock "${block}" >"${LOG_DIR}/configtxgen.log" 2>&1 ||
    log::fatal "configtxgen could not build the channel's genesis block" "see run/logs/configtxgen.log"
}

orderer_join_channel() {
  local org=$1 channel
  channel=$(topo .channel)
  # Outputs are read whole before they are searched (see raft_leader).
  local answer
  answer=$(osnadmin_for "${org}" list --channelID "${channel}" 2>/dev/null || true)
  if grep -q '^Status: 200' <<<"${answer}"; then
    log::info "orderer of ${org} is already on ${channel}"
    return
  fi
  answer=$(osnadmin_for "${org}" join --channelID "${channel}" --config-block "$(channel_block)" || true)
  grep -q '^Status: 201' <<<"${answer}" ||
    log::fatal "orderer of ${org} could not join ${channel}" "see run/logs/$(orderer_process "${org}").log"
  log::info "orderer of ${org} joined ${channel}"
}

# raft_leader: the org whose orderer reports itself Raft leader of the channel (empty if none).
raft_leader() {
  local org tls metrics pattern
  pattern="^consensus_etcdraft_is_leader\\{channel=\"$(topo .channel)\"\\} 1"
  while read -r org; do
    tls="$(orderer_dir "${org}")/tls"
    # /metrics needs a client certificate from the org's CA; the node's own TLS pair is one. The
    # page is read whole before it is searched: `curl | grep -q` under pipefail fails when grep
    # stops reading at the first match and curl, writing into the closed pipe, exits 23.
    metrics=$(curl -sf --max-time 2 --cacert "${tls}/ca.crt" --cert "${tls}/server.crt" --key "${tls}/server.key" \
      "https://$(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.operationsPort)/metrics") || continue
    if grep -Eq "${pattern}" <<<"${metrics}"; then
      echo "${org}"
      return
    fi
  done < <(org_names)
}

raft_has_leader() { [[ -n "$(raft_leader)" ]]; }

peer_join_channel() {
  local org=$1 channel
  channel=$(topo .channel)
  local joined
  joined=$(peer_as_admin "${org}" peer channel list 2>/dev/null || true)
  if grep -qx "${channel}" <<<"${joined}"; then
    log::info "peer of ${org} is already on ${channel}"
    return
  fi
  # The orderers must have the block before a peer can pull the channel from them.
  wait_for "$(peer_process "${org}")" 60 peer_as_admin "${org}" peer channel join -b "$(channel_block)" ||
    log::fatal "peer of ${org} could not join ${channel}" "see run/logs/$(peer_process "${org}").log"
  log::info "peer of ${org} joined ${channel}"
}

# peer_height ORG: the channel's block height on ORG's peer.
peer_height() {
  peer_as_admin "$1" peer channel getinfo -c "$(topo .channel)" 2>/dev/null |
    sed -n 's/^Blockchain info: //p' | jq -r '.height'
}
