#!/usr/bin/env bash
# TEMPORARY (replaced by the cfg-lib branch)
cfg_block_to_config() {
  configtxlator proto_decode --type common.Block --input "$1" | jq '.data.data[0].payload.data.config' >"$2"
}
cfg_app_orgs() {
  jq -r '.channel_group.groups.Application.groups | keys[]' "$1"
}
