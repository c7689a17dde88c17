#!/usr/bin/env bash
# Each member's REST gateway (gateway/), started after its peer and chaincode server.
# Requires scripts/lib/env.sh.

gateway_process() { echo "gateway-$1"; }
gateway_address() { echo "$(org_field "$1" .gateway.host):$(org_field "$1" .gateway.port)"; }
# gateway_metrics_address ORG: HOST:PORT of the gateway's operations listener (/metrics, /docs),
# which is not the public one: the topology's gateway.metricsPort, else the gateway port + 10000
# (as gateway/src/config/index.ts reads it).
gateway_metrics_address() {
  echo "$(org_field "$1" .gateway.host):$(org_field "$1" '.gateway.metricsPort // (.gateway.port + 10000)')"
}

gateway_start() {
  local org=$1
  mkdir -p "$(org_dir "${org}")/gateway"
  start_process "$(gateway_process "${org}")" "${ROOT_DIR}" env \
    CERTLEDGER_ORG="${org}" CERTLEDGER_TOPOLOGY="${TOPOLOGY}" CERTLEDGER_RUN_DIR="${RUN_DIR}" \
    LOG_LEVEL="${GATEWAY_LOG_LEVEL:-info}" \
    node "${ROOT_DIR}/dist/gateway/src/server.js"
  wait_for "$(gateway_process "${org}")" 60 curl -sf --max-time 2 "http://$(gateway_address "${org}")/healthz"
}

gateway_ready() {
  curl -sf --max-time 5 "http://$(gateway_address "$1")/readyz" >/dev/null
}
