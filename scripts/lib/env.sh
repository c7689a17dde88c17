#!/usr/bin/env bash
# Shared settings of the operator scripts: where things live, the topology reader, and the
# process helpers (start with a PID file and a log, stop by PID file, wait on health).

ROOT_DIR=${ROOT_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TOPOLOGY=${CERTLEDGER_TOPOLOGY:-${ROOT_DIR}/network/topology.json}
# Everything the network generates: crypto, ledgers, logs, PID files (git-ignored).
RUN_DIR=${CERTLEDGER_RUN_DIR:-${ROOT_DIR}/run}
LOG_DIR="${RUN_DIR}/logs"
PID_DIR="${RUN_DIR}/pids"
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

org_names() {
  topo '.orgs[].name'
}

org_dir() {
  echo "${RUN_DIR}/orgs/$1"
}

pid_file() {
  echo "${PID_DIR}/$1.pid"
}

# is_running NAME: the process recorded in NAME's PID file is alive.
is_running() {
  local file
  file=$(pid_file "$1")
  [[ -f "${file}" ]] && kill -0 "$(cat "${file}")" 2>/dev/null
}

# start_process NAME WORKDIR COMMAND...: runs COMMAND in the background in its own session,
# logging to run/logs/NAME.log and recording its PID in run/pids/NAME.pid.
start_process() {
  local name=$1 workdir=$2
  shift 2
  mkdir -p "${LOG_DIR}" "${PID_DIR}"
  if is_running "${name}"; then
    log::info "${name} is already running (pid $(cat "$(pid_file "${name}")"))"
    return
  fi
  (cd "${workdir}" && exec setsid "$@" >>"${LOG_DIR}/${name}.log" 2>&1 </dev/null) &
  echo $! >"$(pid_file "${name}")"
  log::info "started ${name} (pid $!, log run/logs/${name}.log)"
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
      log::error "${name} not ready after ${timeout}s; last lines of run/logs/${name}.log:"
      tail -n 20 "${LOG_DIR}/${name}.log" >&2 || true
      return 1
    fi
    if ! is_running "${name}"; then
      log::error "${name} exited; last lines of run/logs/${name}.log:"
      tail -n 20 "${LOG_DIR}/${name}.log" >&2 || true
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
