#!/usr/bin/env bash
# Each member's monitoring (docs/monitoring.md): its own Prometheus, Alertmanager, node-exporter and
# blackbox-exporter, configured from the templates in monitoring/ and network/topology.json into
# the member's folder, run/<org>/monitoring/. Each member watches only its own nodes, with its own
# keys. Requires scripts/lib/member.sh (topology, node and process helpers).

MONITORING_TEMPLATES="${ROOT_DIR}/monitoring"

# Where each monitoring component listens, unless the org's topology entry has a "monitoring"
# object with these fields: the member's own address (its first peer's host), Prometheus' and the
# exporters' usual ports; 9095 is the local alert receiver that writes alerts.log.
declare -A MONITORING_DEFAULT_PORTS=(
  [prometheusPort]=9090
  [alertmanagerPort]=9093
  [receiverPort]=9095
  [nodeExporterPort]=9100
  [blackboxPort]=9115
)

monitoring_dir() { echo "$(org_dir "$1")/monitoring"; }

# monitoring_field ORG FIELD: one setting of ORG's monitoring: .monitoring.FIELD of its topology
# entry, else the default above (host: the member's first peer's host).
monitoring_field() {
  local org=$1 field=$2 default
  if [[ "${field}" == host ]]; then
    default=$(node_field "${org}" peer '' host)
  else
    default=${MONITORING_DEFAULT_PORTS[${field}]:-}
    [[ -n "${default}" ]] || log::fatal "no monitoring setting '${field}'" "use host or one of: ${!MONITORING_DEFAULT_PORTS[*]}"
  fi
  # shellcheck disable=SC2016 # a jq program: $org and $default are jq's variables
  topo '.orgs[] | select(.name == $org) | .monitoring[$field] // $default' --arg org "${org}" --arg field "${field}" --arg default "${default}"
}

# monitoring_address ORG FIELD: HOST:PORT of one of ORG's monitoring components.
monitoring_address() {
  echo "$(monitoring_field "$1" host):$(monitoring_field "$1" "$2")"
}

# ledger_mount ORG: the mount point of the filesystem that holds ORG's folder (its ledgers), or
# of the nearest existing parent before the folder is made.
ledger_mount() {
  local dir
  dir=$(org_dir "$1")
  while [[ ! -e "${dir}" ]]; do dir=$(dirname "${dir}"); done
  df -P "${dir}" | awk 'NR == 2 {print $NF}'
}

# monitored_nodes ORG: "KIND NAME" of each of ORG's peers and orderers Prometheus scrapes: the
# first of each kind, and the later ones the member has added (their folders exist).
monitored_nodes() {
  local org=$1 name
  if has_orderer "${org}"; then
    echo "orderer $(node_field "${org}" orderer '' name)"
    while read -r name; do echo "orderer ${name}"; done < <(extra_nodes "${org}" orderer)
  fi
  echo "peer $(node_field "${org}" peer '' name)"
  while read -r name; do echo "peer ${name}"; done < <(extra_nodes "${org}" peer)
}

# fabric_node_jobs ORG: one scrape job per peer and orderer of ORG, named like its process, with
# the node's own TLS pair as the client certificate its operations /metrics asks for.
fabric_node_jobs() {
  local org=$1 kind name tls
  while read -r kind name; do
    tls="$(org_dir "${org}")/${kind}s/${name}/tls"
    cat <<EOF
  - job_name: $(node_process "${kind}" "${org}" "${name}")
    scheme: https
    tls_config:
      ca_file: ${tls}/ca.crt
      cert_file: ${tls}/server.crt
      key_file: ${tls}/server.key
    static_configs:
      - targets: ['$(node_field "${org}" "${kind}" "${name}" host):$(node_field "${org}" "${kind}" "${name}" operationsPort)']
        labels: {member: ${org}, component: ${kind}, node: ${name}}
EOF
  done < <(monitored_nodes "${org}")
}

# tls_endpoints ORG: "NODE HOST:PORT" of every TLS endpoint of ORG: each node's service, admin and
# operations ports, the CA server, the chaincode server.
tls_endpoints() {
  local org=$1 kind name host field
  while read -r kind name; do
    host=$(node_field "${org}" "${kind}" "${name}" host)
    for field in port adminPort operationsPort; do
      [[ "${kind}" == peer && "${field}" == adminPort ]] && continue
      echo "${name} ${host}:$(node_field "${org}" "${kind}" "${name}" "${field}")"
    done
  done < <(monitored_nodes "${org}")
  echo "ca $(org_field "${org}" .ca.host):$(org_field "${org}" .ca.port)"
  echo "chaincode $(org_field "${org}" .chaincode.host):$(org_field "${org}" .chaincode.port)"
}

blackbox_targets() {
  local node address
  while read -r node address; do
    cat <<EOF
      - targets: ['${address}']
        labels: {member: $1, component: tls, node: ${node}}
EOF
  done < <(tls_endpoints "$1")
}

# consenter_endpoints ORG: "OWNER NODE HOST:PORT" of each Raft consenter ORG probes: the first
# orderer of every org of the topology that has one, and ORG's own later orderers. Their addresses
# and TLS CAs are public (each member's definition in the exchange folder); another member's later
# orderers are not known to ORG's topology reader and are left out.
consenter_endpoints() {
  local org=$1 other name
  while read -r other; do
    has_orderer "${other}" || continue
    echo "${other} $(node_field "${other}" orderer '' name) $(orderer_address "${other}")"
  done < <(org_names)
  if has_orderer "${org}"; then
    while read -r name; do echo "${org} ${name} $(orderer_address "${org}" "${name}")"; done < <(extra_nodes "${org}" orderer)
  fi
}

consenter_targets() {
  local owner node address
  while read -r owner node address; do
    cat <<EOF
      - targets: ['${address}']
        labels: {member: $1, component: consenter, owner: ${owner}, node: ${node}, __param_module: consenter_${owner}}
EOF
  done < <(consenter_endpoints "$1")
}

# consenter_modules ORG: one blackbox module per org with consenters, verifying against the TLS CA
# that org published.
consenter_modules() {
  local owner
  while read -r owner; do
    cat <<EOF
  consenter_${owner}:
    prober: tcp
    timeout: 5s
    tcp:
      tls: true
      tls_config:
        ca_file: $(exchange_org_dir "${owner}")/msp/tlscacerts/ca.pem
EOF
  done < <(consenter_endpoints "$1" | awk '{print $1}' | sort -u)
}

# fill_template TEMPLATE NAME=VALUE...: TEMPLATE with every @@NAME@@ replaced by its VALUE (a
# placeholder alone on its line takes a multi-line VALUE as it is).
fill_template() {
  local template=$1 text pair
  text=$(<"${template}")
  shift
  for pair in "$@"; do
    # The replacement is quoted: & in a value stays a plain character.
    text=${text//"@@${pair%%=*}@@"/"${pair#*=}"}
  done
  if [[ "${text}" =~ @@[A-Z_]+@@ ]]; then
    log::fatal "$(rel "${template}") has a placeholder the renderer does not fill: ${BASH_REMATCH[0]}" "fill it in scripts/lib/monitoring.sh"
  fi
  printf '%s\n' "${text}"
}

# render_prometheus_config ORG OUT_DIR: ORG's prometheus.yml and blackbox.yml in OUT_DIR, from
# monitoring/*.tmpl and the topology.
render_prometheus_config() {
  local org=$1 out=$2
  mkdir -p "${out}"
  fill_template "${MONITORING_TEMPLATES}/prometheus.yml.tmpl" \
    "MEMBER=${org}" \
    "RULES_DIR=${MONITORING_TEMPLATES}/rules" \
    "ALERTMANAGER=$(monitoring_address "${org}" alertmanagerPort)" \
    "PROMETHEUS=$(monitoring_address "${org}" prometheusPort)" \
    "NODE_EXPORTER=$(monitoring_address "${org}" nodeExporterPort)" \
    "BLACKBOX_EXPORTER=$(monitoring_address "${org}" blackboxPort)" \
    "GATEWAY=$(gateway_address "${org}")" \
    "CA_OPERATIONS=$(org_field "${org}" .ca.host):$(org_field "${org}" .ca.operationsPort)" \
    "LEDGER_MOUNT=$(ledger_mount "${org}")" \
    "FABRIC_NODE_JOBS=$(fabric_node_jobs "${org}")" \
    "BLACKBOX_TARGETS=$(blackbox_targets "${org}")" \
    "CONSENTER_TARGETS=$(consenter_targets "${org}")" >"${out}/prometheus.yml"
  fill_template "${MONITORING_TEMPLATES}/blackbox.yml.tmpl" \
    "TLS_CA=$(org_dir "${org}")/msp/tlscacerts/ca.pem" \
    "CONSENTER_MODULES=$(consenter_modules "${org}")" >"${out}/blackbox.yml"
  log::info "rendered $(rel "${out}")/prometheus.yml and blackbox.yml for ${org}"
}

# render_alertmanager_config ORG OUT_DIR: ORG's alertmanager.yml in OUT_DIR. Alerts go to the
# webhook CERTLEDGER_ALERT_WEBHOOK_URL the member configures and, always, to the local receiver
# on the member's address, which writes them to run/<org>/monitoring/alerts.log.
render_alertmanager_config() {
  local org=$1 out=$2 local_url
  mkdir -p "${out}"
  local_url="http://$(monitoring_address "${org}" receiverPort)/alerts"
  if [[ -z "${CERTLEDGER_ALERT_WEBHOOK_URL:-}" ]]; then
    log::info "${org}: no CERTLEDGER_ALERT_WEBHOOK_URL: alerts go to the local receiver only (${local_url})"
  fi
  fill_template "${MONITORING_TEMPLATES}/alertmanager.yml.tmpl" \
    "LOCAL_RECEIVER_URL=${local_url}" \
    "WEBHOOK_URL=${CERTLEDGER_ALERT_WEBHOOK_URL:-${local_url}}" >"${out}/alertmanager.yml"
  log::info "rendered $(rel "${out}")/alertmanager.yml for ${org}"
}
