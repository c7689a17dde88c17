#!/usr/bin/env bash
# The channel as one member sees it: its config fetched by the member's own admin from the
# ordering service, and the orgs in it. Requires scripts/lib/env.sh and scripts/lib/nodes.sh.

# org_of_msp MSP_ID: the topology name of the org with that MSP ID.
org_of_msp() {
  # shellcheck disable=SC2016 # a jq program: $org and $msp are jq's variables
  topo '.orgs[] | select(.mspId == $msp) | .name' --arg msp "$1"
}

# channel_fetch_config ORG OUT_BLOCK: the channel's latest config block, fetched by ORG's admin.
# Fails (without a message) when the ordering service refuses ORG: it is not in the channel.
channel_fetch_config() {
  local org=$1 out=$2
  local -a orderer=()
  mapfile -t orderer < <(orderer_args "${org}")
  peer_as_admin "${org}" peer channel fetch config "${out}" -c "$(topo .channel)" "${orderer[@]}" \
    >"$(org_log "${org}" channel-fetch)" 2>&1
}

# channel_config_json ORG OUT_JSON: the channel's current config as JSON (for configtxlator).
channel_config_json() {
  local org=$1 out=$2 work
  work=$(mktemp -d "$(org_dir "${org}")/channel.XXXXXX")
  if ! channel_fetch_config "${org}" "${work}/config.block"; then
    rm -rf "${work}"
    log::fatal "${org} could not fetch the config of $(topo .channel) from the ordering service" \
      "see $(rel "$(org_log "${org}" channel-fetch)"); is ${org} in the channel, and is an orderer up?"
  fi
  cfg_block_to_config "${work}/config.block" "${out}"
  rm -rf "${work}"
}

# channel_orgs ORG: the MSP ID of every application org in the channel config, one per line.
channel_orgs() {
  local org=$1 json status=0
  json=$(mktemp "$(org_dir "${org}")/config.XXXXXX.json")
  channel_config_json "${org}" "${json}" || status=$?
  [[ ${status} -eq 0 ]] && cfg_app_orgs "${json}"
  rm -f "${json}"
  return "${status}"
}

# channel_has_org ORG: ORG's own admin can read the channel config: ORG is in the channel.
channel_has_org() {
  local org=$1 work status=0
  mkdir -p "$(org_dir "${org}")"
  work=$(mktemp -d "$(org_dir "${org}")/channel.XXXXXX")
  channel_fetch_config "${org}" "${work}/config.block" || status=$?
  rm -rf "${work}"
  return "${status}"
}
