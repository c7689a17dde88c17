#!/usr/bin/env bash
# Channel config updates passed between members: one member prepares an update into the exchange
# folder, each signer signs it with its own admin key on its own side, and one submits it. A
# Fabric config update applies whole or not at all, so a failure halfway never leaves a
# half-applied change. Requires scripts/lib/member.sh.

updates_dir() { echo "${EXCHANGE_DIR}/updates"; }
update_dir() { echo "$(updates_dir)/$1"; }

# update_field ID FIELD: one field of an update's about.json.
update_field() {
  jq -er ".$2" "$(update_dir "$1")/about.json"
}

# require_update ID: the update exists in the exchange folder, or the script stops.
require_update() {
  [[ -n "${1:-}" ]] || log::fatal "no update named" "list them with: scripts/config-update.sh list"
  [[ -s "$(update_dir "$1")/update.pb" && -s "$(update_dir "$1")/about.json" ]] ||
    log::fatal "no config update '$1' in $(rel "$(updates_dir)")" "the member that prepares it runs the prepare step first (docs/operations.md)"
}

# config_now ORG OUT_JSON: the channel config as ORG sees it now.
config_now() {
  channel_config_json "$1" "$2"
}

# required_signatures CONFIG_JSON SCOPE: how many member admins the channel's Admins policy needs
# for an update of SCOPE (application: a majority of the application orgs; orderer: a majority of
# the orderer orgs), as the channel's ImplicitMeta MAJORITY rules count them; org: one, an update
# of what only one org's own Admins policy guards (its MSP: the org names itself in mustSign).
required_signatures() {
  local config=$1 scope=$2 count
  if [[ "${scope}" == org ]]; then
    echo 1
    return
  fi
  if [[ "${scope}" == orderer ]]; then
    count=$(jq '.channel_group.groups.Orderer.groups | length' "${config}")
  else
    count=$(jq '.channel_group.groups.Application.groups | length' "${config}")
  fi
  echo $((count / 2 + 1))
}

# update_prepare ORG ID KIND SUBJECT SCOPE BASE_JSON MODIFIED_JSON DESCRIPTION [EXTRA_JSON]: ORG
# writes the update envelope and its description (with EXTRA_JSON merged in, e.g. mustSign: the
# MSP IDs whose own admins must sign) into the exchange folder for the others to sign.
update_prepare() {
  local org=$1 id=$2 kind=$3 subject=$4 scope=$5 base=$6 modified=$7 description=$8 extra=${9:-'{}'} dir
  dir=$(update_dir "${id}")
  if [[ -s "${dir}/submitted.json" ]]; then
    log::fatal "config update ${id} was already submitted" "nothing to prepare; check with: scripts/config-update.sh show ${id}"
  fi
  mkdir -p "${dir}"
  cfg_update_envelope "$(topo .channel)" "${base}" "${modified}" "${dir}/update.pb"
  jq -n --arg id "${id}" --arg kind "${kind}" --arg subject "${subject}" --arg scope "${scope}" --arg by "${org}" \
    --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg base "$(cfg_digest "${base}")" --arg description "${description}" \
    --argjson needs "$(required_signatures "${base}" "${scope}")" --argjson extra "${extra}" \
    '{id: $id, kind: $kind, subject: $subject, scope: $scope, description: $description, preparedBy: $by, preparedAt: $at,
      baseConfigDigest: $base, signaturesNeeded: $needs, mustSign: []} + $extra' >"${dir}/about.json"
  log::info "${org}: prepared config update ${id} in $(rel "${dir}"): ${description}"
  if [[ "${scope}" == org ]]; then
    log::info "it needs the signature of $(jq -r '.mustSign | join(", ")' "${dir}/about.json")'s own admin only (the submitter's counts)"
    return
  fi
  log::info "it needs the signatures of ${scope} members' admins: $(update_field "${id}" signaturesNeeded) (the submitter's counts)"
  log::info "next: each signer runs 'scripts/config-update.sh sign ${id} ORG'; the last runs 'scripts/config-update.sh submit ${id} ORG'"
}

# update_signers ID: the MSP ID of every signature on the update, one per line.
update_signers() {
  cfg_envelope_signers "$(update_dir "$1")/update.pb"
}

# update_require_fresh ORG ID: the channel config is still the one the update was prepared
# against; otherwise Fabric would refuse it (its read set names older versions), so say so first.
update_require_fresh() {
  local org=$1 id=$2 json
  json=$(mktemp "$(org_dir "${org}")/config.XXXXXX.json")
  config_now "${org}" "${json}"
  if [[ "$(cfg_digest "${json}")" != "$(update_field "${id}" baseConfigDigest)" ]]; then
    rm -f "${json}"
    local redo
    redo=$(update_field "${id}" redo 2>/dev/null || echo "the prepare step of scripts/$(update_field "${id}" kind | cut -d- -f1)-*.sh")
    log::fatal "the channel config changed since update ${id} was prepared (it would be refused)" \
      "prepare it again (${redo}), then collect the signatures again"
  fi
  rm -f "${json}"
}

# update_sign ID ORG: ORG's admin signs the update on ORG's side (peer channel signconfigtx) and
# hands the signed envelope back through the exchange folder.
update_sign() {
  local id=$1 org=$2 msp work
  require_update "${id}"
  [[ ! -s "$(update_dir "${id}")/submitted.json" ]] ||
    log::fatal "config update ${id} was already submitted" "nothing to sign"
  msp=$(org_field "${org}" .mspId)
  if grep -qx "${msp}" <<<"$(update_signers "${id}")"; then
    log::info "${org} has already signed ${id}; nothing changed"
    return
  fi
  update_require_fresh "${org}" "${id}"
  log::step "${org}: signing config update ${id} ($(update_field "${id}" description))"
  work=$(mktemp -d "$(org_dir "${org}")/update.XXXXXX")
  cp "$(update_dir "${id}")/update.pb" "${work}/update.pb"
  peer_as_admin "${org}" peer channel signconfigtx -f "${work}/update.pb" >"$(org_log "${org}" config-update)" 2>&1 ||
    log::fatal "${org} could not sign ${id}" "see $(rel "$(org_log "${org}" config-update)")"
  cp "${work}/update.pb" "$(update_dir "${id}")/update.pb"
  rm -rf "${work}"
  log::info "${org} signed ${id}; signatures now: $(update_signers "${id}" | paste -sd, -)"
}

# update_submit ID ORG CHECK_FUNCTION: ORG submits the update (adding its own signature) after
# CHECK_FUNCTION ID ORG has confirmed the on-chain state still allows it.
update_submit() {
  local id=$1 org=$2 check=$3 msp have needs
  require_update "${id}"
  if [[ -s "$(update_dir "${id}")/submitted.json" ]]; then
    log::info "config update ${id} was already submitted ($(jq -r '"by \(.by) at \(.at)"' "$(update_dir "${id}")/submitted.json")); nothing changed"
    return
  fi
  "${check}" "${id}" "${org}"
  update_require_fresh "${org}" "${id}"
  msp=$(org_field "${org}" .mspId)
  have=$( (update_signers "${id}"; echo "${msp}") | sort -u | wc -l)
  needs=$(update_field "${id}" signaturesNeeded)
  local must
  while read -r must; do
    [[ -z "${must}" ]] && continue
    grep -qx "${must}" <<<"$( (update_signers "${id}"; echo "${msp}"))" ||
      log::fatal "config update ${id} changes what only ${must}'s admins may change, and ${must} has not signed" \
        "${must}'s operator runs: scripts/config-update.sh sign ${id} $(org_of_msp "${must}")"
  done < <(jq -r '.mustSign[]?' "$(update_dir "${id}")/about.json")
  if ((have < needs)); then
    log::fatal "config update ${id} has ${have} of the ${needs} signatures it needs, with ${org}'s (signed by: $(update_signers "${id}" | paste -sd, -))" \
      "another member's admin runs: scripts/config-update.sh sign ${id} ORG"
  fi
  log::step "${org}: submitting config update ${id} ($(update_field "${id}" description))"
  local -a orderer=()
  mapfile -t orderer < <(orderer_args "${org}")
  if ! peer_as_admin "${org}" peer channel update -f "$(update_dir "${id}")/update.pb" -c "$(topo .channel)" "${orderer[@]}" \
    >"$(org_log "${org}" config-update)" 2>&1; then
    log::fatal "the ordering service refused config update ${id}: $(grep -o 'Error: .*' "$(org_log "${org}" config-update)" | tail -n 1)" \
      "nothing was applied; see $(rel "$(org_log "${org}" config-update)") (a policy error means more signatures are needed)"
  fi
  jq -n --arg by "${org}" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg signers "$( (update_signers "${id}"; echo "${msp}") | sort -u | paste -sd, -)" \
    '{by: $by, at: $at, signers: ($signers | split(","))}' >"$(update_dir "${id}")/submitted.json"
  log::info "config update ${id} is on the channel"
}

# update_show ID: what an update changes and who has signed it.
update_show() {
  local id=$1
  require_update "${id}"
  jq -r '"update \(.id): \(.description)\nkind \(.kind) for \(.subject); prepared by \(.preparedBy) at \(.preparedAt)\nsignatures needed: \(.signaturesNeeded) (\(if .scope == "org" then "\(.mustSign | join(", "))'"'"'s own admins" else "\(.scope) members admins" end))"' \
    "$(update_dir "${id}")/about.json"
  echo "signed by: $(update_signers "${id}" | paste -sd, -)"
  cfg_envelope_summary "$(update_dir "${id}")/update.pb"
  if [[ -s "$(update_dir "${id}")/submitted.json" ]]; then
    jq -r '"submitted by \(.by) at \(.at)"' "$(update_dir "${id}")/submitted.json"
  else
    echo "not submitted"
  fi
}

# chain_query ORG FUNCTION ARGS_JSON: a read of the chaincode as ORG's admin (JSON on stdout);
# fails with the chaincode's message on stderr.
chain_query() {
  cc_query "$1" admin1 "$2" "$3"
}

# chain_member_status ORG MSP_ID: the member's status on chain ('' when it is not a member).
chain_member_status() {
  chain_query "$1" membership:getMember "$(jq -cn --arg m "$2" '[$m]')" 2>/dev/null | jq -r '.status // ""' || true
}

# same_pem FILE PEM_TEXT: FILE holds the same certificate as PEM_TEXT (whitespace aside).
same_pem() {
  [[ "$(tr -d ' \n\r' <"$1")" == "$(tr -d ' \n\r' <<<"$2")" ]]
}

# cert_fingerprint FILE: the SHA-256 of a PEM certificate's DER, as the chaincode records it.
cert_fingerprint() {
  openssl x509 -in "$1" -outform DER | sha256sum | cut -c1-64
}
