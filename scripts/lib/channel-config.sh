#!/usr/bin/env bash
# Channel configuration updates as pure file-in/file-out functions: read a config block, add or
# remove an application organisation or a Raft consenter in a config JSON, compute the signed-for
# update envelope and read back who signed it. Nothing here knows the project's folders, talks
# to a node or reads the topology: every input is a path or a value passed as an argument, so
# the operator scripts decide where files live and the functions can be tested offline.
#
# Tools: configtxlator, configtxgen and jq (plus sha256sum for cfg_digest), found on PATH
# (scripts/lib/env.sh puts .fabric/bin there). Requires scripts/lib/log.sh (env.sh sources it).
#
# Every function runs in a subshell of its own: it leaves no variable, option or working folder
# behind, removes its temporary files, and fails with log::fatal (status 1, which stops a caller
# running under set -e). An output file is written only when the function succeeds.
#
# JSON paths used below, in the config (common.Config) as configtxlator decodes it:
#   .channel_group.groups.Application.groups.<MSP>             an application organisation
#   .channel_group.groups.Orderer.groups.<MSP>                 an orderer organisation
#   .channel_group.groups.{Application,Orderer}.groups.<MSP>.values.MSP.value.config
#                                    its MSP (FabricMSPConfig): name, root_certs,
#                                    intermediate_certs, revocation_list (each base64 of
#                                    the PEM text), fabric_node_ous
#   .channel_group.groups.Orderer.groups.<MSP>.values.Endpoints.value.addresses[]
#                                                              its orderers' "host:port"
#   .channel_group.groups.Orderer.values.ConsensusType.value.type        "etcdraft"
#   .channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters[]
#                                    {host, port, client_tls_cert, server_tls_cert} (certs are
#                                    base64 of the PEM text)
# A Raft consenter names no organisation: this library attributes it to the orderer org whose
# Endpoints list its host:port (this project's orderers serve clients and Raft on one address).
# Fabric accepts one consenter change per config update: apply cfg_add_consenter or
# cfg_remove_consenter once per envelope.

# cfg_need_file FILE WHAT: fails unless FILE exists and is not empty.
cfg_need_file() {
  [[ -n "$1" && -f "$1" && -s "$1" ]] ||
    log::fatal "${2} '${1}' does not exist or is empty" "pass the path of an existing ${2}"
}

# cfg_need_config FILE: fails unless FILE is a channel config JSON (has .channel_group).
cfg_need_config() {
  cfg_need_file "$1" "config JSON"
  jq -e '.channel_group.groups | type == "object"' "$1" >/dev/null 2>&1 ||
    log::fatal "'$1' is not a channel config JSON (no .channel_group.groups)" \
      "pass the output of cfg_block_to_config (the config of a config block, not the whole block)"
}

# cfg_need_out FILE: fails unless FILE can be written (its folder exists).
cfg_need_out() {
  [[ -n "$1" ]] || log::fatal "no output file given" "pass the path the result is written to"
  [[ -d "$(dirname -- "$1")" ]] ||
    log::fatal "the folder of output file '$1' does not exist" "create $(dirname -- "$1") first"
}

# cfg_need_tool NAME: fails unless NAME is on PATH.
cfg_need_tool() {
  command -v "$1" >/dev/null 2>&1 ||
    log::fatal "$1 is not on PATH" "run scripts/install-fabric.sh and source scripts/lib/env.sh (it puts .fabric/bin on PATH); jq: apt-get install jq"
}

# cfg_need_msp_id ID: fails unless ID can be an MSP ID (it goes into YAML and policy strings).
cfg_need_msp_id() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] ||
    log::fatal "'$1' is not a valid MSP ID" "use letters, digits, '.', '_' and '-', e.g. Cb3MSP"
}

# cfg_need_host_port HOST PORT: fails unless HOST is a plain host name or address and PORT a TCP port.
cfg_need_host_port() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9.:-]*$ ]] ||
    log::fatal "'$1' is not a host name or address" "pass a host such as 127.0.0.5 or orderer0.cb3.example"
  if [[ ! "$2" =~ ^[1-9][0-9]{0,4}$ ]] || (("$2" > 65535)); then
    log::fatal "'$2' is not a TCP port" "pass a port between 1 and 65535"
  fi
}

# cfg_tmpdir: creates a private temporary folder and prints its path (the caller removes it).
cfg_tmpdir() {
  mktemp -d "${TMPDIR:-/tmp}/channel-config.XXXXXX" ||
    log::fatal "cannot create a temporary folder" "check that ${TMPDIR:-/tmp} exists and is writable"
}

# cfg_publish SRC OUT: moves a finished result into place.
cfg_publish() {
  mv -f -- "$1" "$2" || log::fatal "cannot write '$2'" "check that its folder is writable"
}

# cfg_encode_config JSON OUT_PB: a config JSON encoded as common.Config.
cfg_encode_config() {
  configtxlator proto_encode --type common.Config --input "$1" --output "$2" 2>"$2.err" ||
    log::fatal "configtxlator cannot encode '$1' as common.Config: $(tr '\n' ' ' <"$2.err")" \
      "pass a config JSON as cfg_block_to_config writes it, changed only by this library's functions"
}

# cfg_decode TYPE PB OUT_JSON: a protobuf file decoded to JSON by configtxlator.
cfg_decode() {
  configtxlator proto_decode --type "$1" --input "$2" --output "$3" 2>"$3.err" ||
    log::fatal "'$2' is not a $1: $(tr '\n' ' ' <"$3.err")" "pass a file that holds a $1"
}

# cfg_block_to_config BLOCK_PB OUT_JSON: the config of a config block, as JSON.
cfg_block_to_config() (
  local block=$1 out=$2 tmp
  cfg_need_file "${block}" "config block"
  cfg_need_out "${out}"
  cfg_need_tool configtxlator
  cfg_need_tool jq
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  cfg_decode common.Block "${block}" "${tmp}/block.json"
  # A config block carries one envelope whose channel header has type 1 (CONFIG); its payload
  # data is a ConfigEnvelope: .data.data[0].payload.data.config is the channel's config.
  jq -e '.data.data[0].payload.header.channel_header.type == 1' "${tmp}/block.json" >/dev/null ||
    log::fatal "'${block}' is not a config block (its transaction is not of type CONFIG)" \
      "fetch the channel's last config block: peer channel fetch config BLOCK -c CHANNEL ..."
  jq '.data.data[0].payload.data.config' "${tmp}/block.json" >"${tmp}/config.json" ||
    log::fatal "cannot read the config of '${block}'" "check that it is a valid config block"
  cfg_publish "${tmp}/config.json" "${out}"
)

# cfg_yaml_quote TEXT: TEXT as a single-quoted YAML scalar.
cfg_yaml_quote() {
  printf "'%s'" "${1//\'/\'\'}"
}

# cfg_org_group MSP_DIR MSP_ID OUT_JSON [ANCHOR_HOST ANCHOR_PORT]: the config group of an
# organisation as it goes into /Channel/Application/groups/<MSP_ID>, with the founders' policies
# (scripts/lib/render.sh) and, when a host and port are given, its anchor peer.
cfg_org_group() (
  local msp_dir=$1 msp_id=$2 out=$3 host=${4:-} port=${5:-} tmp abs
  [[ -n "${msp_dir}" && -d "${msp_dir}" ]] ||
    log::fatal "MSP folder '${msp_dir}' does not exist" "pass the organisation's MSP folder (cacerts/, tlscacerts/, config.yaml)"
  compgen -G "${msp_dir}/cacerts/*" >/dev/null ||
    log::fatal "MSP folder '${msp_dir}' has no CA certificate in cacerts/" "copy the organisation's root CA certificate to ${msp_dir}/cacerts/ca.pem"
  compgen -G "${msp_dir}/tlscacerts/*" >/dev/null ||
    log::fatal "MSP folder '${msp_dir}' has no TLS CA certificate in tlscacerts/" \
      "copy the organisation's TLS root CA certificate to ${msp_dir}/tlscacerts/ca.pem (every node of the channel speaks TLS)"
  # The policies name the admin, peer, client and orderer roles: Fabric tells them only by NodeOUs.
  grep -Eqs '^[[:space:]]*Enable:[[:space:]]*true' "${msp_dir}/config.yaml" ||
    log::fatal "MSP folder '${msp_dir}' does not enable NodeOUs (config.yaml)" \
      "write ${msp_dir}/config.yaml with NodeOUs enabled (scripts/lib/ca.sh write_node_ous)"
  cfg_need_msp_id "${msp_id}"
  cfg_need_out "${out}"
  if [[ -n "${host}" || -n "${port}" ]]; then
    cfg_need_host_port "${host}" "${port}"
  fi
  cfg_need_tool configtxgen
  cfg_need_tool jq
  abs=$(cd -- "${msp_dir}" && pwd) || log::fatal "cannot enter MSP folder '${msp_dir}'" "check its permissions"
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  {
    echo "Organizations:"
    echo "  - Name: ${msp_id}"
    echo "    ID: ${msp_id}"
    echo "    MSPDir: $(cfg_yaml_quote "${abs}")"
    cat <<EOF
    Policies:
      Readers:
        Type: Signature
        Rule: "OR('${msp_id}.admin', '${msp_id}.peer', '${msp_id}.client', '${msp_id}.orderer')"
      Writers:
        Type: Signature
        Rule: "OR('${msp_id}.admin', '${msp_id}.client', '${msp_id}.orderer')"
      Admins:
        Type: Signature
        Rule: "OR('${msp_id}.admin')"
      Endorsement:
        Type: Signature
        Rule: "OR('${msp_id}.peer')"
EOF
    if [[ -n "${host}" ]]; then
      echo "    AnchorPeers:"
      echo "      - Host: ${host}"
      echo "        Port: ${port}"
    fi
  } >"${tmp}/configtx.yaml"
  FABRIC_CFG_PATH="${tmp}" configtxgen -printOrg "${msp_id}" >"${tmp}/printed.json" 2>"${tmp}/configtxgen.log" ||
    log::fatal "configtxgen -printOrg ${msp_id} failed: $(grep -m1 -E 'FATA|Error' "${tmp}/configtxgen.log" || tail -n 1 "${tmp}/configtxgen.log")" \
      "check the certificates in ${msp_dir} (cacerts/, tlscacerts/ hold PEM CA certificates)"
  # printOrg (Fabric v3.1) writes the group with values MSP and, when the org has AnchorPeers,
  # AnchorPeers ({anchor_peers: [{host, port}]}, mod_policy Admins); set it here if it did not.
  jq --arg host "${host}" --arg port "${port}" '
    if $host == "" then .
    elif (.values.AnchorPeers.value.anchor_peers // []) == [{host: $host, port: ($port | tonumber)}] then .
    else .values.AnchorPeers = {mod_policy: "Admins", value: {anchor_peers: [{host: $host, port: ($port | tonumber)}]}, version: "0"}
    end' "${tmp}/printed.json" >"${tmp}/group.json" ||
    log::fatal "configtxgen -printOrg ${msp_id} did not print a JSON group" "see its output: FABRIC_CFG_PATH=DIR configtxgen -printOrg ${msp_id}"
  jq -e --arg id "${msp_id}" '.values.MSP.value.config.name == $id' "${tmp}/group.json" >/dev/null ||
    log::fatal "the group printed for ${msp_id} does not hold MSP ${msp_id}" "check the MSP folder ${msp_dir}"
  cfg_publish "${tmp}/group.json" "${out}"
)

# cfg_add_app_org CONFIG_JSON ORG_GROUP_JSON MSP_ID OUT_JSON: CONFIG with the group added under
# /Channel/Application/groups/<MSP_ID>.
cfg_add_app_org() (
  local config=$1 group=$2 msp_id=$3 out=$4 tmp
  cfg_need_config "${config}"
  cfg_need_file "${group}" "organisation group JSON"
  cfg_need_msp_id "${msp_id}"
  cfg_need_out "${out}"
  cfg_need_tool jq
  jq -e '.channel_group.groups.Application.groups | type == "object"' "${config}" >/dev/null ||
    log::fatal "'${config}' has no Application group" "pass the config of an application channel"
  jq -e --arg id "${msp_id}" '.values.MSP.value.config.name == $id' "${group}" >/dev/null 2>&1 ||
    log::fatal "'${group}' is not the group of MSP ${msp_id} (.values.MSP.value.config.name differs)" \
      "pass the output of cfg_org_group for ${msp_id}"
  ! jq -e --arg id "${msp_id}" '.channel_group.groups.Application.groups | has($id)' "${config}" >/dev/null ||
    log::fatal "${msp_id} is already an application organisation of this channel" \
      "nothing to add; to replace its definition remove it first (cfg_remove_app_org)"
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  jq --arg id "${msp_id}" --slurpfile group "${group}" \
    '.channel_group.groups.Application.groups[$id] = $group[0]' "${config}" >"${tmp}/out.json" ||
    log::fatal "cannot add ${msp_id} to '${config}'" "check that both files are valid JSON"
  cfg_publish "${tmp}/out.json" "${out}"
)

# cfg_remove_app_org CONFIG_JSON MSP_ID OUT_JSON: CONFIG without the application organisation
# MSP_ID; an orderer organisation of the same MSP goes too, once it has no consenter left.
cfg_remove_app_org() (
  local config=$1 msp_id=$2 out=$3 tmp left
  cfg_need_config "${config}"
  cfg_need_msp_id "${msp_id}"
  cfg_need_out "${out}"
  cfg_need_tool jq
  jq -e --arg id "${msp_id}" '.channel_group.groups.Application.groups // {} | has($id)' "${config}" >/dev/null ||
    log::fatal "${msp_id} is not an application organisation of this channel" \
      "check the MSP ID (cfg_app_orgs lists them)"
  jq -e '.channel_group.groups.Application.groups | length > 1' "${config}" >/dev/null ||
    log::fatal "${msp_id} is the last application organisation of this channel" "a channel keeps at least one member"
  # The consenters of this org: those whose host:port its Endpoints list.
  left=$(jq -r --arg id "${msp_id}" '
    (.channel_group.groups.Orderer.groups[$id].values.Endpoints.value.addresses // []) as $mine
    | .channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters // []
    | map("\(.host):\(.port)") | map(select(. as $a | $mine | index($a) != null)) | join(", ")' "${config}") ||
    log::fatal "cannot read the consenters of '${config}'" "check that it is a valid config JSON"
  [[ -z "${left}" ]] ||
    log::fatal "${msp_id} still runs Raft consenters (${left}): removing the org would leave them without an organisation" \
      "remove each of its consenters first (cfg_remove_consenter, one config update each), then remove the org"
  jq -e --arg id "${msp_id}" '.channel_group.groups.Orderer.groups // {} | (has($id) | not) or length > 1' "${config}" >/dev/null ||
    log::fatal "${msp_id} is the last orderer organisation of this channel" "add another orderer organisation first"
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  jq --arg id "${msp_id}" '
    del(.channel_group.groups.Application.groups[$id])
    | if .channel_group.groups.Orderer.groups[$id] != null then del(.channel_group.groups.Orderer.groups[$id]) else . end' \
    "${config}" >"${tmp}/out.json" || log::fatal "cannot remove ${msp_id} from '${config}'" "check that it is a valid config JSON"
  cfg_publish "${tmp}/out.json" "${out}"
)

# cfg_app_orgs CONFIG_JSON: prints the MSP IDs of the application organisations, one per line.
cfg_app_orgs() (
  local config=$1
  cfg_need_config "${config}"
  cfg_need_tool jq
  jq -r '.channel_group.groups.Application.groups // {} | keys[]' "${config}" ||
    log::fatal "cannot read the application organisations of '${config}'" "check that it is a valid config JSON"
)

# cfg_need_raft CONFIG_JSON: fails unless the channel's consensus is Raft (etcdraft).
cfg_need_raft() {
  jq -e '.channel_group.groups.Orderer.values.ConsensusType.value.type == "etcdraft"' "$1" >/dev/null ||
    log::fatal "the channel of '$1' does not run Raft (ConsensusType is not etcdraft)" \
      "these functions change Raft consenters only; a BFT channel lists them in /Channel/Orderer/Orderers"
}

# cfg_consenters CONFIG_JSON: prints host:port of every Raft consenter, one per line.
cfg_consenters() (
  local config=$1
  cfg_need_config "${config}"
  cfg_need_tool jq
  cfg_need_raft "${config}"
  jq -r '.channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters[] | "\(.host):\(.port)"' "${config}" ||
    log::fatal "cannot read the consenters of '${config}'" "check that it is a valid config JSON"
)

# cfg_add_consenter CONFIG_JSON ORDERER_MSP_ID HOST PORT TLS_CERT_PEM_FILE OUT_JSON: CONFIG with
# a Raft consenter HOST:PORT (client and server TLS certificate from the PEM file) and HOST:PORT
# among the Endpoints of orderer organisation ORDERER_MSP_ID.
cfg_add_consenter() (
  local config=$1 msp_id=$2 host=$3 port=$4 pem=$5 out=$6 tmp
  cfg_need_config "${config}"
  cfg_need_msp_id "${msp_id}"
  cfg_need_host_port "${host}" "${port}"
  cfg_need_file "${pem}" "TLS certificate file"
  grep -q -- '-----BEGIN CERTIFICATE-----' "${pem}" ||
    log::fatal "'${pem}' is not a PEM certificate" "pass the orderer's TLS certificate (tls/server.crt)"
  cfg_need_out "${out}"
  cfg_need_tool jq
  cfg_need_raft "${config}"
  jq -e --arg id "${msp_id}" '.channel_group.groups.Orderer.groups // {} | has($id)' "${config}" >/dev/null ||
    log::fatal "${msp_id} is not an orderer organisation of this channel" \
      "add ${msp_id} to /Channel/Orderer/groups in an earlier config update, then add its consenter"
  ! jq -e --arg host "${host}" --argjson port "${port}" \
    'any(.channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters[]; .host == $host and .port == $port)' \
    "${config}" >/dev/null || log::fatal "${host}:${port} is already a Raft consenter of this channel" "nothing to add"
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  # Fabric stores a consenter's certificates as the PEM text, base64-encoded (bytes fields).
  jq --arg id "${msp_id}" --arg host "${host}" --argjson port "${port}" --rawfile pem "${pem}" '
    ($pem | @base64) as $cert
    | .channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters +=
        [{host: $host, port: $port, client_tls_cert: $cert, server_tls_cert: $cert}]
    | .channel_group.groups.Orderer.groups[$id].values.Endpoints |=
        ((. // {mod_policy: "Admins", value: {addresses: []}, version: "0"})
         | .value.addresses = (((.value.addresses // []) - ["\($host):\($port)"]) + ["\($host):\($port)"]))' \
    "${config}" >"${tmp}/out.json" || log::fatal "cannot add consenter ${host}:${port} to '${config}'" "check that it is a valid config JSON"
  cfg_publish "${tmp}/out.json" "${out}"
)

# cfg_remove_consenter CONFIG_JSON HOST PORT OUT_JSON: CONFIG without the Raft consenter
# HOST:PORT and without HOST:PORT in the Endpoints of every orderer organisation listing it.
cfg_remove_consenter() (
  local config=$1 host=$2 port=$3 out=$4 tmp
  cfg_need_config "${config}"
  cfg_need_host_port "${host}" "${port}"
  cfg_need_out "${out}"
  cfg_need_tool jq
  cfg_need_raft "${config}"
  jq -e --arg host "${host}" --argjson port "${port}" \
    'any(.channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters[]; .host == $host and .port == $port)' \
    "${config}" >/dev/null ||
    log::fatal "${host}:${port} is not a Raft consenter of this channel" "check the address (cfg_consenters lists them)"
  jq -e '.channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters | length > 1' "${config}" >/dev/null ||
    log::fatal "${host}:${port} is the last Raft consenter of this channel" "add another consenter first"
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  jq --arg host "${host}" --argjson port "${port}" '
    .channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters |=
      map(select((.host == $host and .port == $port) | not))
    | .channel_group.groups.Orderer.groups |= map_values(
        if .values.Endpoints.value.addresses != null
        then .values.Endpoints.value.addresses -= ["\($host):\($port)"] else . end)' \
    "${config}" >"${tmp}/out.json" || log::fatal "cannot remove consenter ${host}:${port} from '${config}'" "check that it is a valid config JSON"
  cfg_publish "${tmp}/out.json" "${out}"
)

# cfg_crl_serials CRL_PEM_FILE: prints the serial number of every certificate a CRL revokes, one
# per line, in lowercase hex without leading zeros (as Fabric CA writes serials), sorted.
cfg_crl_serials() (
  local crl=$1 text
  cfg_need_file "${crl}" "CRL file"
  cfg_need_tool openssl
  text=$(openssl crl -in "${crl}" -noout -text 2>&1) ||
    log::fatal "'${crl}' is not a CRL: $(head -n 1 <<<"${text}")" "pass a PEM CRL (-----BEGIN X509 CRL-----), e.g. what fabric-ca-client gencrl writes"
  sed -n 's/^ *Serial Number: *\([0-9A-Fa-f]*\) *$/\1/p' <<<"${text}" | tr 'A-F' 'a-f' | sed 's/^0*//' | sort -u
)

# cfg_org_revoked CONFIG_JSON MSP_ID: prints the serial numbers the CRLs in the revocation list of
# application organisation MSP_ID revoke, as cfg_crl_serials prints them (nothing without a CRL).
cfg_org_revoked() (
  local config=$1 msp_id=$2 tmp i=0 entry
  cfg_need_config "${config}"
  cfg_need_msp_id "${msp_id}"
  cfg_need_tool jq
  cfg_need_tool base64
  jq -e --arg id "${msp_id}" '.channel_group.groups.Application.groups // {} | has($id)' "${config}" >/dev/null ||
    log::fatal "${msp_id} is not an application organisation of this channel" "check the MSP ID (cfg_app_orgs lists them)"
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  while read -r entry; do
    [[ -n "${entry}" ]] || continue
    i=$((i + 1))
    base64 -d <<<"${entry}" >"${tmp}/crl-${i}.pem" 2>/dev/null ||
      log::fatal "entry ${i} of ${msp_id}'s revocation list in '${config}' is not base64" "check that the config is as configtxlator decodes it"
    cfg_crl_serials "${tmp}/crl-${i}.pem" >>"${tmp}/serials"
  done < <(jq -r --arg id "${msp_id}" '.channel_group.groups.Application.groups[$id].values.MSP.value.config.revocation_list // [] | .[]' "${config}")
  [[ ! -s "${tmp}/serials" ]] || sort -u "${tmp}/serials"
)

# cfg_set_org_crl CONFIG_JSON MSP_ID CRL_PEM_FILE OUT_JSON: CONFIG with the CRL (a PEM file from
# the organisation's own CA) as the revocation list of MSP_ID's MSP in
# /Channel/Application/groups/<MSP_ID> and, when MSP_ID is an orderer organisation too, in
# /Channel/Orderer/groups/<MSP_ID> (Fabric refuses a channel config that defines one MSP ID in two
# ways). The CRL replaces any earlier one: a CA's CRL lists every certificate it has revoked.
# Fabric ignores a CRL not signed by a CA of the MSP, so one that no root or intermediate
# certificate of the MSP verifies is refused here.
cfg_set_org_crl() (
  local config=$1 msp_id=$2 crl=$3 out=$4 tmp i=0 cert
  cfg_need_config "${config}"
  cfg_need_msp_id "${msp_id}"
  cfg_need_file "${crl}" "CRL file"
  grep -q -- '-----BEGIN X509 CRL-----' "${crl}" ||
    log::fatal "'${crl}' is not a PEM CRL" "pass the CRL the organisation's CA generated (fabric-ca-client gencrl writes msp/crls/crl.pem)"
  cfg_need_out "${out}"
  cfg_need_tool jq
  cfg_need_tool openssl
  cfg_need_tool base64
  jq -e --arg id "${msp_id}" '.channel_group.groups.Application.groups // {} | has($id)' "${config}" >/dev/null ||
    log::fatal "${msp_id} is not an application organisation of this channel" "check the MSP ID (cfg_app_orgs lists them)"
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  cfg_crl_serials "${crl}" >/dev/null
  # the MSP's root and intermediate certificates, one PEM bundle
  while read -r cert; do
    [[ -n "${cert}" ]] || continue
    i=$((i + 1))
    base64 -d <<<"${cert}" >>"${tmp}/cas.pem" 2>/dev/null ||
      log::fatal "a CA certificate of ${msp_id}'s MSP in '${config}' is not base64" "check that the config is as configtxlator decodes it"
  done < <(jq -r --arg id "${msp_id}" '.channel_group.groups.Application.groups[$id].values.MSP.value.config
      | (.root_certs // []) + (.intermediate_certs // []) | .[]' "${config}")
  ((i > 0)) || log::fatal "${msp_id}'s MSP in '${config}' has no CA certificate" "check the organisation's MSP definition"
  if ! openssl crl -in "${crl}" -CAfile "${tmp}/cas.pem" -noout >"${tmp}/verify.log" 2>&1 || ! grep -q 'verify OK' "${tmp}/verify.log"; then
    log::fatal "the CRL '${crl}' is not signed by a CA of ${msp_id}'s MSP: $(tr '\n' ' ' <"${tmp}/verify.log")" \
      "pass the CRL of ${msp_id}'s own CA (Fabric would ignore any other)"
  fi
  jq --arg id "${msp_id}" --rawfile pem "${crl}" '
    ($pem | @base64) as $crl
    | .channel_group.groups.Application.groups[$id].values.MSP.value.config.revocation_list = [$crl]
    | if .channel_group.groups.Orderer.groups[$id] != null
      then .channel_group.groups.Orderer.groups[$id].values.MSP.value.config.revocation_list = [$crl] else . end' \
    "${config}" >"${tmp}/out.json" || log::fatal "cannot set the CRL of ${msp_id} in '${config}'" "check that it is a valid config JSON"
  cfg_publish "${tmp}/out.json" "${out}"
)

# cfg_update_envelope CHANNEL ORIGINAL_JSON MODIFIED_JSON OUT_ENVELOPE_PB: the config update
# from ORIGINAL to MODIFIED, in an unsigned envelope ready for peer channel signconfigtx/update.
cfg_update_envelope() (
  local channel=$1 original=$2 modified=$3 out=$4 tmp
  [[ "${channel}" =~ ^[a-z][a-z0-9.-]*$ ]] ||
    log::fatal "'${channel}' is not a channel name" "pass the channel's name, e.g. certchannel"
  cfg_need_config "${original}"
  cfg_need_config "${modified}"
  cfg_need_out "${out}"
  cfg_need_tool configtxlator
  cfg_need_tool jq
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  cfg_encode_config "${original}" "${tmp}/original.pb"
  cfg_encode_config "${modified}" "${tmp}/modified.pb"
  if ! configtxlator compute_update --channel_id "${channel}" --original "${tmp}/original.pb" \
    --updated "${tmp}/modified.pb" --output "${tmp}/update.pb" 2>"${tmp}/compute.err"; then
    if grep -q 'no differences detected' "${tmp}/compute.err"; then
      log::fatal "'${modified}' does not differ from '${original}': there is no update to sign" \
        "change the config first (cfg_add_app_org, cfg_add_consenter, ...) and pass the changed file"
    fi
    log::fatal "configtxlator compute_update failed: $(tr '\n' ' ' <"${tmp}/compute.err")" \
      "pass two configs of the same channel"
  fi
  cfg_decode common.ConfigUpdate "${tmp}/update.pb" "${tmp}/update.json"
  # An update travels as common.Envelope: payload.header.channel_header {channel_id, type 2
  # (CONFIG_UPDATE)}, payload.data a ConfigUpdateEnvelope {config_update, signatures[]}.
  jq --arg channel "${channel}" \
    '{payload: {header: {channel_header: {channel_id: $channel, type: 2}}, data: {config_update: .}}}' \
    "${tmp}/update.json" >"${tmp}/envelope.json" || log::fatal "cannot wrap the config update" "check the inputs"
  configtxlator proto_encode --type common.Envelope --input "${tmp}/envelope.json" \
    --output "${tmp}/envelope.pb" 2>"${tmp}/encode.err" ||
    log::fatal "configtxlator cannot encode the update envelope: $(tr '\n' ' ' <"${tmp}/encode.err")" "check the inputs"
  cfg_publish "${tmp}/envelope.pb" "${out}"
)

# cfg_decode_envelope ENVELOPE_PB OUT_JSON: a config update envelope as JSON (fails on anything else).
cfg_decode_envelope() {
  cfg_need_file "$1" "config update envelope"
  cfg_need_tool configtxlator
  cfg_need_tool jq
  cfg_decode common.Envelope "$1" "$2"
  jq -e '.payload.header.channel_header.type == 2 and (.payload.data.config_update | type == "object")' "$2" >/dev/null 2>&1 ||
    log::fatal "'$1' is not a config update envelope (channel header type is not CONFIG_UPDATE)" \
      "pass the output of cfg_update_envelope (signed or not)"
}

# cfg_envelope_signers ENVELOPE_PB: prints the MSP ID of each signature on a config update
# envelope, one per line, in signing order.
cfg_envelope_signers() (
  local envelope=$1 tmp
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  cfg_decode_envelope "${envelope}" "${tmp}/envelope.json"
  # configtxlator decodes each signature_header.creator (a serialized identity) to
  # {mspid, id_bytes}. The payload's own signature_header is the last signer's envelope
  # signature (peer channel signconfigtx rewrites it), not a signature of the update: skip it.
  jq -r '.payload.data.signatures // [] | .[].signature_header.creator.mspid' "${tmp}/envelope.json" ||
    log::fatal "cannot read the signatures of '${envelope}'" "pass a config update envelope"
)

# cfg_envelope_summary ENVELOPE_PB: a few lines for a human: the channel, each group, value or
# policy the update adds or modifies (a modified group with its member groups), the signers.
cfg_envelope_summary() (
  local envelope=$1 tmp
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  cfg_decode_envelope "${envelope}" "${tmp}/envelope.json"
  # The write set holds every element the update touches (.payload.data.config_update.write_set,
  # a ConfigGroup tree from /Channel), the read set the versions it depends on. A group absent
  # from the read set is added; one whose version differs is modified (a group's version moves
  # when its set of groups, values or policies changes; for a removal the write set lists the
  # members that remain, the removed one appears nowhere). A changed value or policy is in the
  # write set only: at version 0 it is new, above 0 modified; one in the read set at the same
  # version is only read. Children of an added group are not listed.
  jq -r '
    def changes($rs; $ws; $path):
      if $rs == null then "adds group \($path)"
      else
        (if $ws.version != $rs.version
         then "modifies group \($path) (groups: \(($ws.groups // {}) | keys | join(", ") | if . == "" then "none" else . end))"
         else empty end),
        (($ws.groups // {}) | to_entries[] | . as $e | changes($rs.groups[$e.key]; $e.value; "\($path)/\($e.key)")),
        ((["values", "value"], ["policies", "policy"]) as [$k, $kind]
          | ($ws[$k] // {}) | to_entries[] | . as $e | ($rs[$k] // {})[$e.key] as $old
          | if $old != null and $old.version == $e.value.version then empty
            elif $old == null and $e.value.version == "0" then "adds \($kind) \($path)/\($e.key)"
            else "modifies \($kind) \($path)/\($e.key)" end)
      end;
    .payload as $p
    | "channel: \($p.header.channel_header.channel_id)",
      (changes($p.data.config_update.read_set; $p.data.config_update.write_set; "/Channel") | "writes: " + .),
      "signers: \([$p.data.signatures // [] | .[].signature_header.creator.mspid] | if length == 0 then "none" else join(", ") end)"
  ' "${tmp}/envelope.json" || log::fatal "cannot summarise '${envelope}'" "pass a config update envelope"
)

# cfg_digest CONFIG_JSON: prints a SHA-256 of the config with sorted keys, the same for the same
# config whatever its formatting, so a caller can show a config did not change.
cfg_digest() (
  local config=$1 tmp sum
  cfg_need_config "${config}"
  cfg_need_tool jq
  cfg_need_tool sha256sum
  tmp=$(cfg_tmpdir)
  trap 'rm -rf "${tmp}"' EXIT
  jq -S -c . "${config}" >"${tmp}/canonical.json" || log::fatal "cannot read '${config}'" "check that it is valid JSON"
  sum=$(sha256sum "${tmp}/canonical.json") || log::fatal "sha256sum failed on '${config}'" "check the temporary folder"
  echo "${sum%% *}"
)
