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

# retire_node DIR: marks a removed node's folder (its ledger is kept): Prometheus stops scraping it.
retire_node() { [[ -d "$1" ]] && date -u +%FT%TZ >"$1/retired"; }

# monitored_nodes ORG: "KIND NAME" of each of ORG's peers and orderers Prometheus scrapes: the
# first of each kind, and the later ones the member has added (their folders exist) and not
# removed since (no "retired" mark, scripts/node.sh).
monitored_nodes() {
  local org=$1 name
  if has_orderer "${org}"; then
    echo "orderer $(node_field "${org}" orderer '' name)"
    while read -r name; do
      [[ -e "$(org_dir "${org}")/orderers/${name}/retired" ]] || echo "orderer ${name}"
    done < <(extra_nodes "${org}" orderer)
  fi
  echo "peer $(node_field "${org}" peer '' name)"
  while read -r name; do
    [[ -e "$(org_dir "${org}")/peers/${name}/retired" ]] || echo "peer ${name}"
  done < <(extra_nodes "${org}" peer)
}

# fabric_node_jobs ORG: one scrape job per peer and orderer of ORG, named like its process, with
# Prometheus' own TLS client certificate from the member's CA (monitoring_client_tls), which the
# operations endpoint's /metrics asks for.
fabric_node_jobs() {
  local org=$1 kind name tls
  tls="$(monitoring_dir "${org}")/tls"
  while read -r kind name; do
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
    while read -r name; do
      [[ -e "$(org_dir "${org}")/orderers/${name}/retired" ]] || echo "${org} ${name} $(orderer_address "${org}" "${name}")"
    done < <(extra_nodes "${org}" orderer)
  fi
}

consenter_targets() {
  local owner node address channel
  channel=$(topo .channel)
  while read -r owner node address; do
    cat <<EOF
      - targets: ['${address}']
        labels: {member: $1, component: consenter, channel: ${channel}, owner: ${owner}, node: ${node}, __param_module: consenter_${owner}}
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
    "SCRAPE_INTERVAL=${CERTLEDGER_SCRAPE_INTERVAL:-15s}" \
    "RULES_DIR=${MONITORING_TEMPLATES}/rules" \
    "ALERTMANAGER=$(monitoring_address "${org}" alertmanagerPort)" \
    "PROMETHEUS=$(monitoring_address "${org}" prometheusPort)" \
    "NODE_EXPORTER=$(monitoring_address "${org}" nodeExporterPort)" \
    "BLACKBOX_EXPORTER=$(monitoring_address "${org}" blackboxPort)" \
    "GATEWAY=$(gateway_metrics_address "${org}")" \
    "CA_OPERATIONS=$(org_field "${org}" .ca.host):$(org_field "${org}" .ca.operationsPort)" \
    "LEDGER_MOUNT=$(ledger_mount "${org}")" \
    "FABRIC_NODE_JOBS=$(fabric_node_jobs "${org}")" \
    "BLACKBOX_TARGETS=$(blackbox_targets "${org}")" \
    "CONSENTER_TARGETS=$(consenter_targets "${org}")" >"${out}/prometheus.yml"
  fill_template "${MONITORING_TEMPLATES}/blackbox.yml.tmpl" \
    "TLS_CA=$(org_dir "${org}")/msp/tlscacerts/ca.pem" \
    "CLIENT_TLS=$(monitoring_dir "${org}")/tls" \
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

# ---- The monitoring processes of a member (started by member_up, stopped by member_down) ----

# Debian's console libraries for Prometheus' console templates (package prometheus).
PROMETHEUS_CONSOLE_LIBRARIES=${PROMETHEUS_CONSOLE_LIBRARIES:-/usr/share/doc/prometheus/examples/console_libraries}

# monitoring_enabled ORG: ORG's monitoring was set up (its rendered configuration exists); it is
# left out by 'up --no-monitoring' (CERTLEDGER_MONITORING=0) and then never started.
monitoring_enabled() { [[ -s "$(monitoring_dir "$1")/prometheus.yml" ]]; }

# monitoring_wanted: the operator did not ask to leave monitoring out.
monitoring_wanted() { [[ "${CERTLEDGER_MONITORING:-1}" != 0 ]]; }

# monitoring_processes ORG: the monitoring process names of ORG, in start order: the alert
# receiver first (Alertmanager sends to it), Prometheus last (it scrapes the others).
monitoring_processes() {
  local org=$1
  monitoring_enabled "${org}" || return 0
  echo "receiver-${org}"
  echo "alertmanager-${org}"
  echo "exporter-${org}-node"
  echo "exporter-${org}-blackbox"
  echo "prometheus-${org}"
}

# monitoring_client_tls ORG: the TLS client certificate Prometheus and blackbox-exporter present
# to the member's nodes (their operations endpoints ask for one from the member's CA): its own
# identity "prometheus" at the member's CA, never a node's key.
monitoring_client_tls() {
  local org=$1 dir
  dir="$(monitoring_dir "${org}")/tls"
  mkdir -p "${dir}"
  register_identity "${org}" prometheus client
  enroll_tls "${org}" prometheus "${dir}" "$(monitoring_field "${org}" host)"
}

# render_console_page OUT_DIR: OUT_DIR/consoles/certledger.html, the console page: the summary
# table of monitoring/console.html.tmpl and a graph for each panel of the Grafana dashboard
# (monitoring/console-graphs.jq), so the two cannot drift apart.
render_console_page() {
  local out=$1 graphs
  mkdir -p "${out}/consoles"
  graphs=$(jq -r -f "${MONITORING_TEMPLATES}/console-graphs.jq" "${MONITORING_TEMPLATES}/dashboards/certledger.json") ||
    log::fatal "cannot draw the console graphs from $(rel "${MONITORING_TEMPLATES}")/dashboards/certledger.json" "check it is valid JSON: jq . $(rel "${MONITORING_TEMPLATES}")/dashboards/certledger.json"
  # The page is a Go template: a "{{" from the dashboard would be read as one of its actions.
  [[ "${graphs}" != *"{{"* ]] ||
    log::fatal "a panel of the Grafana dashboard has \"{{\" outside a legend" "write it differently in $(rel "${MONITORING_TEMPLATES}")/dashboards/certledger.json"
  fill_template "${MONITORING_TEMPLATES}/console.html.tmpl" "GRAPHS=${graphs}" >"${out}/consoles/certledger.html"
  log::info "rendered $(rel "${out}")/consoles/certledger.html"
}

# monitoring_render ORG: ORG's prometheus.yml, blackbox.yml and alertmanager.yml, rendered anew
# from the templates and the topology, each checked by its own tool before it is used, and its
# console page.
monitoring_render() {
  local org=$1 dir
  dir=$(monitoring_dir "${org}")
  render_prometheus_config "${org}" "${dir}"
  render_alertmanager_config "${org}" "${dir}"
  render_console_page "${dir}"
  promtool check config "${dir}/prometheus.yml" >>"$(org_log "${org}" monitoring)" 2>&1 ||
    log::fatal "promtool rejects $(rel "${dir}")/prometheus.yml" "see $(rel "$(org_log "${org}" monitoring)")"
  amtool check-config "${dir}/alertmanager.yml" >>"$(org_log "${org}" monitoring)" 2>&1 ||
    log::fatal "amtool rejects $(rel "${dir}")/alertmanager.yml" "see $(rel "$(org_log "${org}" monitoring)")"
  prometheus-blackbox-exporter --config.file="${dir}/blackbox.yml" --config.check >>"$(org_log "${org}" monitoring)" 2>&1 ||
    log::fatal "blackbox-exporter rejects $(rel "${dir}")/blackbox.yml" "see $(rel "$(org_log "${org}" monitoring)")"
}

# http_ok URL: URL answers 2xx within 2 s.
http_ok() { curl -sf --max-time 2 "$1" >/dev/null; }

# monitoring_start_process NAME: starts one monitoring process of a member with its rendered
# configuration, and waits until it answers.
monitoring_start_process() {
  local name=$1 org kind node dir host
  read -r kind org node < <(process_parts "${name}")
  dir=$(monitoring_dir "${org}")
  host=$(monitoring_field "${org}" host)
  case "${kind}" in
    receiver)
      start_process "${name}" "${dir}" node "${ROOT_DIR}/dist/monitoring/receiver/alert-receiver.js" \
        --listen "$(monitoring_address "${org}" receiverPort)" --log "${dir}/alerts.log"
      wait_for "${name}" 30 http_ok "http://$(monitoring_address "${org}" receiverPort)/healthz"
      ;;
    alertmanager)
      mkdir -p "${dir}/alertmanager-data"
      # --cluster.listen-address= : one Alertmanager per member, no gossip cluster.
      start_process "${name}" "${dir}" prometheus-alertmanager \
        --config.file="${dir}/alertmanager.yml" --storage.path="${dir}/alertmanager-data" \
        --web.listen-address="$(monitoring_address "${org}" alertmanagerPort)" \
        --web.external-url="http://$(monitoring_address "${org}" alertmanagerPort)/" \
        --cluster.listen-address=
      wait_for "${name}" 60 http_ok "http://$(monitoring_address "${org}" alertmanagerPort)/-/ready"
      ;;
    exporter)
      if [[ "${node}" == node ]]; then
        # The host's CPU, memory and filesystems; pseudo filesystems are the exporter's default
        # exclusions.
        start_process "${name}" "${dir}" prometheus-node-exporter \
          --web.listen-address="$(monitoring_address "${org}" nodeExporterPort)"
        wait_for "${name}" 30 http_ok "http://$(monitoring_address "${org}" nodeExporterPort)/metrics"
      else
        start_process "${name}" "${dir}" prometheus-blackbox-exporter \
          --config.file="${dir}/blackbox.yml" \
          --web.listen-address="$(monitoring_address "${org}" blackboxPort)"
        wait_for "${name}" 30 http_ok "http://$(monitoring_address "${org}" blackboxPort)/metrics"
      fi
      ;;
    prometheus)
      mkdir -p "${dir}/prometheus-data"
      start_process "${name}" "${dir}" prometheus \
        --config.file="${dir}/prometheus.yml" --storage.tsdb.path="${dir}/prometheus-data" \
        --storage.tsdb.retention.time=15d \
        --web.listen-address="$(monitoring_address "${org}" prometheusPort)" \
        --web.external-url="http://$(monitoring_address "${org}" prometheusPort)/" \
        --web.console.templates="${dir}/consoles" \
        --web.console.libraries="${PROMETHEUS_CONSOLE_LIBRARIES}" \
        --web.enable-lifecycle
      wait_for "${name}" 60 http_ok "http://$(monitoring_address "${org}" prometheusPort)/-/ready"
      ;;
    *) log::fatal "unknown monitoring process ${name}" "use one of: $(monitoring_processes "${org}" | tr '\n' ' ')" ;;
  esac
}

# monitoring_up ORG: ORG's Prometheus, Alertmanager, exporters and alert receiver, configured
# anew from the topology and running; a running Prometheus or Alertmanager reloads the new files.
monitoring_up() {
  local org=$1 name
  require_command prometheus "run scripts/install-fabric.sh (it installs Debian's prometheus), or leave monitoring out: --no-monitoring"
  [[ -f "${ROOT_DIR}/dist/monitoring/receiver/alert-receiver.js" ]] || cc_build
  log::step "${org}: monitoring (Prometheus, Alertmanager, node and blackbox exporters)"
  monitoring_client_tls "${org}"
  monitoring_render "${org}"
  while read -r name; do
    if is_running "${name}"; then
      monitoring_reload "${name}"
    else
      monitoring_start_process "${name}"
    fi
  done < <(monitoring_processes "${org}")
  log::info "${org}: Prometheus http://$(monitoring_address "${org}" prometheusPort)/consoles/certledger.html, alerts in $(rel "$(monitoring_dir "${org}")")/alerts.log"
}

# monitoring_reload NAME: a running Prometheus or Alertmanager reads its configuration again.
monitoring_reload() {
  local name=$1 org kind node port
  read -r kind org node < <(process_parts "${name}")
  case "${kind}" in
    prometheus) port=prometheusPort ;;
    alertmanager) port=alertmanagerPort ;;
    *) return 0 ;;
  esac
  curl -sf --max-time 10 -X POST "http://$(monitoring_address "${org}" "${port}")/-/reload" >/dev/null ||
    log::fatal "${name} did not reload its configuration" "see $(rel "$(log_file "${name}")")"
  log::info "${name} reloaded its configuration"
}

# monitoring_refresh ORG: after a node was added or removed, ORG's Prometheus scrapes the nodes
# the member has now (nothing happens when monitoring is left out).
monitoring_refresh() {
  local org=$1
  monitoring_enabled "${org}" || return 0
  monitoring_render "${org}"
  is_running "prometheus-${org}" && monitoring_reload "prometheus-${org}"
  return 0
}

# monitoring_health NAME: the health column of `status` for a monitoring process.
monitoring_health() {
  local name=$1 org kind node
  read -r kind org node < <(process_parts "${name}")
  case "${kind}" in
    receiver) http_ok "http://$(monitoring_address "${org}" receiverPort)/healthz" && echo ready || echo "not ready" ;;
    alertmanager) http_ok "http://$(monitoring_address "${org}" alertmanagerPort)/-/ready" && echo ready || echo "not ready" ;;
    prometheus) http_ok "http://$(monitoring_address "${org}" prometheusPort)/-/ready" && echo ready || echo "not ready" ;;
    exporter)
      local port=blackboxPort
      [[ "${node}" == node ]] && port=nodeExporterPort
      http_ok "http://$(monitoring_address "${org}" "${port}")/metrics" && echo ready || echo "not ready"
      ;;
  esac
}

# monitoring_endpoint NAME: the endpoint column of `status` for a monitoring process.
monitoring_endpoint() {
  local name=$1 org kind node
  read -r kind org node < <(process_parts "${name}")
  case "${kind}" in
    receiver) echo "http://$(monitoring_address "${org}" receiverPort)/alerts -> $(rel "$(monitoring_dir "${org}")")/alerts.log" ;;
    alertmanager) echo "http://$(monitoring_address "${org}" alertmanagerPort)" ;;
    prometheus) echo "http://$(monitoring_address "${org}" prometheusPort)/consoles/certledger.html" ;;
    exporter)
      if [[ "${node}" == node ]]; then
        echo "http://$(monitoring_address "${org}" nodeExporterPort)/metrics"
      else
        echo "http://$(monitoring_address "${org}" blackboxPort)/probe"
      fi
      ;;
  esac
}
