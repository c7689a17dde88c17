#!/usr/bin/env bash
# Renders the channel configuration (configtx.yaml) and each node's configuration from the
# topology: the topology file is the single source of truth for orgs, hosts and ports.
# Requires scripts/lib/env.sh.

# Peers and orderers log at info, except the lines written for every gRPC call and every
# proposal (comm.grpc.server, endorser) and gRPC's connection chatter: under load those were
# most of a peer's log and a measurable share of its CPU. FABRIC_LOGGING_SPEC overrides it.
NODE_LOGGING_SPEC='info:comm.grpc.server=warning:endorser=warning:grpc=warning'

# render_configtx OUTDIR: configtx.yaml for the application channel, Raft across every founder,
# from the MSP definitions and orderer TLS certificates the founders published in the exchange
# folder (no founder reads another's own folder).
render_configtx() {
  local out=$1/configtx.yaml org msp dir
  mkdir -p "$1"
  {
    echo "# Generated from network/topology.json by scripts/network.sh; do not edit."
    echo "Organizations:"
    while read -r org; do
      msp=$(org_field "${org}" .mspId)
      dir=$(exchange_org_dir "${org}")
      cat <<EOF
  - &${msp}
    Name: ${msp}
    ID: ${msp}
    MSPDir: ${dir}/msp
    Policies:
      Readers:
        Type: Signature
        Rule: "OR('${msp}.admin', '${msp}.peer', '${msp}.client', '${msp}.orderer')"
      Writers:
        Type: Signature
        Rule: "OR('${msp}.admin', '${msp}.client', '${msp}.orderer')"
      Admins:
        Type: Signature
        Rule: "OR('${msp}.admin')"
      Endorsement:
        Type: Signature
        Rule: "OR('${msp}.peer')"
    OrdererEndpoints:
      - $(org_field "${org}" .orderer.host):$(org_field "${org}" .orderer.port)
    AnchorPeers:
      - Host: $(org_field "${org}" .peer.host)
        Port: $(org_field "${org}" .peer.port)
EOF
    done < <(founder_names)
    cat <<EOF
Capabilities:
  Channel: &ChannelCapabilities
    V2_0: true
  Orderer: &OrdererCapabilities
    V2_0: true
  Application: &ApplicationCapabilities
    V2_5: true
Application: &ApplicationDefaults
  Organizations:
  Policies:
    Readers:
      Type: ImplicitMeta
      Rule: "ANY Readers"
    Writers:
      Type: ImplicitMeta
      Rule: "ANY Writers"
    Admins:
      Type: ImplicitMeta
      Rule: "MAJORITY Admins"
    # A majority of members approves a chaincode definition and endorses every write:
    # one member down must not stop writes.
    LifecycleEndorsement:
      Type: ImplicitMeta
      Rule: "MAJORITY Endorsement"
    Endorsement:
      Type: ImplicitMeta
      Rule: "MAJORITY Endorsement"
  Capabilities: *ApplicationCapabilities
Orderer: &OrdererDefaults
  OrdererType: etcdraft
  BatchTimeout: $(topo .orderer.batchTimeout)
  BatchSize:
    MaxMessageCount: $(topo .orderer.maxMessageCount)
    AbsoluteMaxBytes: 99 MB
    PreferredMaxBytes: $(topo .orderer.preferredMaxBytes)
  EtcdRaft:
    Consenters:
EOF
    while read -r org; do
      dir=$(exchange_org_dir "${org}")/nodes/$(org_field "${org}" .orderer.name).crt
      cat <<EOF
      - Host: $(org_field "${org}" .orderer.host)
        Port: $(org_field "${org}" .orderer.port)
        ClientTLSCert: ${dir}
        ServerTLSCert: ${dir}
EOF
    done < <(founder_names)
    cat <<EOF
    Options:
      TickInterval: 500ms
      ElectionTick: 10
      HeartbeatTick: 1
      MaxInflightBlocks: 5
      SnapshotIntervalSize: 16 MB
  Organizations:
  Policies:
    Readers:
      Type: ImplicitMeta
      Rule: "ANY Readers"
    Writers:
      Type: ImplicitMeta
      Rule: "ANY Writers"
    Admins:
      Type: ImplicitMeta
      Rule: "MAJORITY Admins"
    BlockValidation:
      Type: ImplicitMeta
      Rule: "ANY Writers"
  Capabilities: *OrdererCapabilities
Channel: &ChannelDefaults
  Policies:
    Readers:
      Type: ImplicitMeta
      Rule: "ANY Readers"
    Writers:
      Type: ImplicitMeta
      Rule: "ANY Writers"
    Admins:
      Type: ImplicitMeta
      Rule: "MAJORITY Admins"
  Capabilities: *ChannelCapabilities
Profiles:
  CertChannel:
    <<: *ChannelDefaults
    Orderer:
      <<: *OrdererDefaults
      Organizations:
EOF
    while read -r org; do echo "        - *$(org_field "${org}" .mspId)"; done < <(founder_names)
    cat <<EOF
    Application:
      <<: *ApplicationDefaults
      Organizations:
EOF
    while read -r org; do echo "        - *$(org_field "${org}" .mspId)"; done < <(founder_names)
  } >"${out}"
}

# render_collections OUT: one private data collection per founder, shared with the regulator
# (docs/contracts.md: private evidence is seen by the submitting body and the regulator only).
# A member that joins later has none until a new chaincode definition adds it.
render_collections() {
  local regulator
  regulator=$(topo '.orgs[] | select(.role == "REGULATOR") | .mspId')
  # shellcheck disable=SC2016 # a jq program: $reg is jq's variable, not the shell's
  topo '[.orgs[] | select(.founder != false) | {
      name: ("private_" + .mspId),
      policy: (if .mspId == $reg then "OR('"'"'\(.mspId).member'"'"')"
               else "OR('"'"'\(.mspId).member'"'"', '"'"'\($reg).member'"'"')" end),
      requiredPeerCount: 0,
      maxPeerCount: 1,
      blockToLive: 0,
      memberOnlyRead: true,
      memberOnlyWrite: false
    }]' --arg reg "${regulator}" >"$1"
}

# node_config_dir ORG KIND NAME: where a node's rendered configuration lives.
node_config_dir() {
  echo "$(org_dir "$1")/$2s/$3/config"
}

# render_peer_config ORG [NAME]: core.yaml from Fabric's sample with the external builder pointed
# at ours, plus peer.env holding every setting this node takes from the topology. A member's later
# peers find the others of their org through its first peer (gossip bootstrap).
render_peer_config() {
  local org=$1 name host port ops dir cfg msp bootstrap
  name=$(node_field "${org}" peer "${2:-}" name)
  host=$(node_field "${org}" peer "${name}" host)
  port=$(node_field "${org}" peer "${name}" port)
  ops=$(node_field "${org}" peer "${name}" operationsPort)
  bootstrap=$(peer_address "${org}")
  dir="$(org_dir "${org}")/peers/${name}"
  cfg=$(node_config_dir "${org}" peer "${name}")
  msp=$(org_field "${org}" .mspId)
  mkdir -p "${cfg}" "${dir}/data"
  sed "s#path: /opt/hyperledger/ccaas_builder#path: ${ROOT_DIR}/scripts/ccaas-builder#" \
    "${FABRIC_SAMPLE_CONFIG}/core.yaml" >"${cfg}/core.yaml"
  cat >"${cfg}/peer.env" <<EOF
FABRIC_CFG_PATH=${cfg}
FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-${NODE_LOGGING_SPEC}}
CORE_PEER_ID=${name}.${org}
CORE_PEER_ADDRESS=${host}:${port}
CORE_PEER_LISTENADDRESS=${host}:${port}
CORE_PEER_CHAINCODELISTENADDRESS=${host}:$((port + 10))
CORE_PEER_GOSSIP_BOOTSTRAP=${bootstrap}
CORE_PEER_GOSSIP_EXTERNALENDPOINT=${host}:${port}
CORE_PEER_GOSSIP_ENDPOINT=${host}:${port}
CORE_PEER_LOCALMSPID=${msp}
CORE_PEER_MSPCONFIGPATH=${dir}/msp
CORE_PEER_FILESYSTEMPATH=${dir}/data
CORE_PEER_TLS_ENABLED=true
CORE_PEER_TLS_CERT_FILE=${dir}/tls/server.crt
CORE_PEER_TLS_KEY_FILE=${dir}/tls/server.key
CORE_PEER_TLS_ROOTCERT_FILE=${dir}/tls/ca.crt
CORE_OPERATIONS_LISTENADDRESS=${host}:${ops}
CORE_OPERATIONS_TLS_ENABLED=true
CORE_OPERATIONS_TLS_CERT_FILE=${dir}/tls/server.crt
CORE_OPERATIONS_TLS_KEY_FILE=${dir}/tls/server.key
CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED=false
CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES=${dir}/tls/ca.crt
CORE_METRICS_PROVIDER=prometheus
CORE_LEDGER_STATE_STATEDATABASE=goleveldb
CORE_LEDGER_SNAPSHOTS_ROOTDIR=${dir}/data/snapshots
CORE_VM_ENDPOINT=
CORE_CHAINCODE_EXECUTETIMEOUT=30s
EOF
}

# render_orderer_config ORG [NAME]: orderer.yaml from Fabric's sample plus orderer.env from the
# topology.
render_orderer_config() {
  local org=$1 name host port admin ops dir cfg msp
  name=$(node_field "${org}" orderer "${2:-}" name)
  host=$(node_field "${org}" orderer "${name}" host)
  port=$(node_field "${org}" orderer "${name}" port)
  admin=$(node_field "${org}" orderer "${name}" adminPort)
  ops=$(node_field "${org}" orderer "${name}" operationsPort)
  dir="$(org_dir "${org}")/orderers/${name}"
  cfg=$(node_config_dir "${org}" orderer "${name}")
  msp=$(org_field "${org}" .mspId)
  mkdir -p "${cfg}" "${dir}/data"
  cp "${FABRIC_SAMPLE_CONFIG}/orderer.yaml" "${cfg}/orderer.yaml"
  cat >"${cfg}/orderer.env" <<EOF
FABRIC_CFG_PATH=${cfg}
FABRIC_LOGGING_SPEC=${FABRIC_LOGGING_SPEC:-${NODE_LOGGING_SPEC}}
ORDERER_GENERAL_LISTENADDRESS=${host}
ORDERER_GENERAL_LISTENPORT=${port}
ORDERER_GENERAL_LOCALMSPID=${msp}
ORDERER_GENERAL_LOCALMSPDIR=${dir}/msp
ORDERER_GENERAL_TLS_ENABLED=true
ORDERER_GENERAL_TLS_CERTIFICATE=${dir}/tls/server.crt
ORDERER_GENERAL_TLS_PRIVATEKEY=${dir}/tls/server.key
ORDERER_GENERAL_TLS_ROOTCAS=[${dir}/tls/ca.crt]
ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=${dir}/tls/server.crt
ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=${dir}/tls/server.key
ORDERER_GENERAL_CLUSTER_ROOTCAS=[${dir}/tls/ca.crt]
ORDERER_GENERAL_BOOTSTRAPMETHOD=none
ORDERER_CHANNELPARTICIPATION_ENABLED=true
ORDERER_FILELEDGER_LOCATION=${dir}/data/ledger
ORDERER_CONSENSUS_WALDIR=${dir}/data/etcdraft/wal
ORDERER_CONSENSUS_SNAPDIR=${dir}/data/etcdraft/snapshot
ORDERER_ADMIN_LISTENADDRESS=${host}:${admin}
ORDERER_ADMIN_TLS_ENABLED=true
ORDERER_ADMIN_TLS_CERTIFICATE=${dir}/tls/server.crt
ORDERER_ADMIN_TLS_PRIVATEKEY=${dir}/tls/server.key
ORDERER_ADMIN_TLS_ROOTCAS=[${dir}/tls/ca.crt]
ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true
ORDERER_ADMIN_TLS_CLIENTROOTCAS=[${dir}/tls/ca.crt]
ORDERER_OPERATIONS_LISTENADDRESS=${host}:${ops}
ORDERER_OPERATIONS_TLS_ENABLED=true
ORDERER_OPERATIONS_TLS_CERTIFICATE=${dir}/tls/server.crt
ORDERER_OPERATIONS_TLS_PRIVATEKEY=${dir}/tls/server.key
ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED=false
ORDERER_OPERATIONS_TLS_CLIENTROOTCAS=[${dir}/tls/ca.crt]
ORDERER_METRICS_PROVIDER=prometheus
EOF
}

# with_env FILE COMMAND...: runs COMMAND with the settings of a rendered .env file added.
with_env() {
  local file=$1
  shift
  local -a vars=()
  mapfile -t vars <"${file}"
  env "${vars[@]}" "$@"
}
