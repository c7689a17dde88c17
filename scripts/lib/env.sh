#!/usr/bin/env bash
# Shared settings of the operator scripts: where things live, the topology reader, and the
# process helpers (start with a PID file and a log, stop by PID file, wait on health).

ROOT_DIR=${ROOT_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TOPOLOGY=${CERTLEDGER_TOPOLOGY:-${ROOT_DIR}/network/topology.json}
# Everything the network generates (git-ignored). Each member keeps its keys, CA, ledgers, logs
# and PID files in its own folder, run/<org>/, as if on its own host; what members hand each other
# (MSP definitions, node TLS certificates, the channel's blocks, config updates to sign) is public
# and lies in the exchange folder (docs/operations.md "What members exchange").
RUN_DIR=${CERTLEDGER_RUN_DIR:-${ROOT_DIR}/run}
EXCHANGE_DIR=${CERTLEDGER_EXCHANGE_DIR:-${RUN_DIR}/exchange}
FABRIC_BIN="${ROOT_DIR}/.fabric/bin"
# Fabric's sample core.yaml and orderer.yaml, the base of every node's rendered configuration.
# shellcheck disable=SC2034 # used by render.sh
FABRIC_SAMPLE_CONFIG="${ROOT_DIR}/.fabric/config"
export PATH="${FABRIC_BIN}:${PATH}"

# shellcheck source=scripts/lib/log.sh
source "${ROOT_DIR}/scripts/lib/log.sh"

# Everything the scripts and the nodes they start create is private to the operator: keys, CA
# secrets and databases, ledgers, gateway state (files 600, folders 700).
umask 077

# topo QUERY [ARGS...]: a jq query against the topology file, raw output.
topo() {
  local query=$1
  shift
  jq -er "$@" "${query}" "${TOPOLOGY}"
}

# org_field ORG PATH: one value of an org, e.g. org_field cb1 .peer.port
org_field() {
  topo ".orgs[] | select(.name == \$org) | $2" --arg org "$1"
}

# org_names: every org of the topology, founders and those that join later.
org_names() {
  topo '.orgs[].name'
}

# founder_names: the orgs that found the channel (those without "founder": false).
founder_names() {
  topo '.orgs[] | select(.founder != false) | .name'
}

# require_org ORG: ORG is an org of the topology, or the script stops naming the ones there are.
require_org() {
  [[ -n "${1:-}" ]] || log::fatal "no member given" "name one of: $(org_names | tr '\n' ' ')"
  # shellcheck disable=SC2016 # a jq program: $org and $msp are jq's variables
  topo '.orgs[] | select(.name == $org) | .name' --arg org "$1" >/dev/null 2>&1 ||
    log::fatal "no member '$1' in ${TOPOLOGY}" "name one of: $(org_names | tr '\n' ' ')"
}

# org_dir ORG: the member's own folder; nothing in it is ever read by another member's scripts.
org_dir() {
  echo "${RUN_DIR}/$1"
}

# exchange_org_dir ORG: the public material ORG hands the others (docs/operations.md).
exchange_org_dir() {
  echo "${EXCHANGE_DIR}/orgs/$1"
}

# process_org NAME: the member a process belongs to (names are KIND-ORG or KIND-ORG-NODE).
process_org() {
  local rest=${1#*-}
  echo "${rest%%-*}"
}

pid_file() {
  echo "$(org_dir "$(process_org "$1")")/pids/$1.pid"
}

log_file() {
  echo "$(org_dir "$(process_org "$1")")/logs/$1.log"
}

# org_log ORG NAME: a member's log of its own tools (CA client, configtxgen, config updates).
org_log() {
  mkdir -p "$(org_dir "$1")/logs"
  echo "$(org_dir "$1")/logs/$2.log"
}

# rel PATH: PATH relative to the checkout, for messages.
rel() {
  echo "${1#"${ROOT_DIR}"/}"
}

# is_running NAME: the process recorded in NAME's PID file is alive.
is_running() {
  local file
  file=$(pid_file "$1")
  [[ -f "${file}" ]] && kill -0 "$(cat "${file}")" 2>/dev/null
}

# start_process NAME WORKDIR COMMAND...: runs COMMAND in the background in its own session,
# logging to run/<org>/logs/NAME.log and recording its PID in run/<org>/pids/NAME.pid.
start_process() {
  local name=$1 workdir=$2 log
  shift 2
  log=$(log_file "${name}")
  mkdir -p "$(dirname "${log}")" "$(dirname "$(pid_file "${name}")")"
  if is_running "${name}"; then
    log::info "${name} is already running (pid $(cat "$(pid_file "${name}")"))"
    return
  fi
  (cd "${workdir}" && exec setsid "$@" >>"${log}" 2>&1 </dev/null) &
  echo $! >"$(pid_file "${name}")"
  log::info "started ${name} (pid $!, log $(rel "${log}"))"
}

# signal_process NAME: sends TERM to the process of NAME's PID file, without waiting.
signal_process() {
  local file
  file=$(pid_file "$1")
  if [[ -f "${file}" ]]; then
    kill -TERM "$(cat "${file}")" 2>/dev/null || true
  fi
}

# stop_process NAME: stops the process of NAME's PID file (TERM, then KILL after 15 s).
stop_process() {
  local name=$1 file pid i
  file=$(pid_file "${name}")
  [[ -f "${file}" ]] || return 0
  pid=$(cat "${file}")
  if kill -0 "${pid}" 2>/dev/null; then
    kill -TERM "${pid}" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
      kill -0 "${pid}" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "${pid}" 2>/dev/null; then
      log::warn "${name} (pid ${pid}) did not stop on TERM; killing it"
      kill -KILL "${pid}" 2>/dev/null || true
    fi
    log::info "stopped ${name} (pid ${pid})"
  fi
  rm -f "${file}"
}

# wait_for NAME TIMEOUT_SECONDS COMMAND...: polls COMMAND until it succeeds; on timeout prints
# the tail of NAME's log and fails.
wait_for() {
  local name=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log::error "${name} not ready after ${timeout}s; last lines of $(rel "$(log_file "${name}")"):"
      tail -n 20 "$(log_file "${name}")" >&2 || true
      return 1
    fi
    if ! is_running "${name}"; then
      log::error "${name} exited; last lines of $(rel "$(log_file "${name}")"):"
      tail -n 20 "$(log_file "${name}")" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

# healthz_ok HOST:PORT [CACERT]: the operations endpoint answers /healthz with status OK.
healthz_ok() {
  local url="http://$1/healthz"
  [[ -n "${2:-}" ]] && url="https://$1/healthz"
  curl -sf --max-time 2 ${2:+--cacert "$2"} "${url}" | jq -e '.status == "OK"' >/dev/null
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || log::fatal "$1 is not installed" "$2"
}
