#!/usr/bin/env bash
# The membership procedures under the on-chain rules (docs/contracts.md §6, rules 1–4 and 7): each
# prepare step checks the chain first and refuses, with the reason, when the chain does not allow
# the change; each precheck_<kind> repeats the check just before the update is submitted.
# Requires scripts/lib/member.sh and scripts/lib/updates.sh.

# chain_error TEXT: the chaincode's message out of a peer CLI error.
chain_error() {
  local text=$1 message
  message=$(grep -o 'message:"[^"]*"' <<<"${text}" | tail -n 1 | sed 's/^message:"//; s/"$//' || true)
  echo "${message:-$(tail -n 1 <<<"${text}")}"
}

# config_sequence CONFIG_JSON: the config's sequence number (it grows with every update).
config_sequence() {
  jq -r '.sequence // "0"' "$1"
}

# definition_msp DEF_DIR: the MSP ID a published definition is for.
definition_msp() {
  [[ -s "$1/definition.json" && -s "$1/msp/cacerts/ca.pem" && -s "$1/msp/tlscacerts/ca.pem" ]] ||
    log::fatal "no MSP definition in $1 (definition.json, msp/cacerts/ca.pem, msp/tlscacerts/ca.pem)" \
      "the applicant publishes it with: scripts/org-join.sh apply ORG; hand its exchange folder over"
  jq -er .mspId "$1/definition.json"
}

# ---- joining (rule 1) ----

# join_check_chain ACTING DEF_DIR: the chain holds an APPROVED ADMIT_MEMBER proposal for the
# definition's MSP ID, and the CA and TLS roots recorded with it are the definition's.
join_check_chain() {
  local acting=$1 def=$2 msp answer
  msp=$(definition_msp "${def}")
  if ! answer=$(chain_query "${acting}" membership:checkOrgJoin "$(jq -cn --arg m "${msp}" '[$m]')" 2>&1); then
    log::fatal "refused: the chain does not allow ${msp} to join: $(chain_error "${answer}")" \
      "a member opens an ADMIT_MEMBER proposal for ${msp} with this definition's roots (scripts/org-join.sh proposal ORG prints it), the members vote, and it is finalized APPROVED"
  fi
  same_pem "${def}/msp/cacerts/ca.pem" "$(jq -r .caRootPem <<<"${answer}")" ||
    log::fatal "refused: the CA root certificate in ${def} is not the one recorded with proposal $(jq -r .proposalId <<<"${answer}") for ${msp}" \
      "use the definition the members voted on, or open a new ADMIT_MEMBER proposal for this one"
  same_pem "${def}/msp/tlscacerts/ca.pem" "$(jq -r .tlsRootPem <<<"${answer}")" ||
    log::fatal "refused: the TLS root certificate in ${def} is not the one recorded with proposal $(jq -r .proposalId <<<"${answer}") for ${msp}" \
      "use the definition the members voted on, or open a new ADMIT_MEMBER proposal for this one"
  log::info "${acting}: the chain holds APPROVED proposal $(jq -r .proposalId <<<"${answer}") admitting ${msp}, with this definition's CA and TLS roots"
}

# join_prepare ACTING APPLICANT DEF_DIR: ACTING prepares the update that adds the applicant's org
# (from its published definition) to the channel's application orgs. Prints the update's ID.
join_prepare() {
  local acting=$1 applicant=$2 def=$3 msp work endpoint id
  msp=$(definition_msp "${def}")
  [[ "${msp}" == "$(org_field "${applicant}" .mspId)" ]] ||
    log::fatal "the definition in ${def} is for ${msp}, not ${applicant} ($(org_field "${applicant}" .mspId))" "hand over ${applicant}'s own definition"
  log::step "${acting}: checking the chain before preparing ${applicant}'s admission to the channel"
  join_check_chain "${acting}" "${def}"
  work=$(mktemp -d "$(org_dir "${acting}")/update.XXXXXX")
  config_now "${acting}" "${work}/base.json"
  if grep -qx "${msp}" <<<"$(cfg_app_orgs "${work}/base.json")"; then
    rm -rf "${work}"
    log::info "${msp} is already in the channel config; next: ${applicant}'s operator runs scripts/org-join.sh finish ${applicant}"
    return
  fi
  endpoint=$(jq -r .peer.endpoint "${def}/definition.json")
  cfg_org_group "${def}/msp" "${msp}" "${work}/group.json" "${endpoint%:*}" "${endpoint##*:}"
  cfg_add_app_org "${work}/base.json" "${work}/group.json" "${msp}" "${work}/modified.json"
  id="join-${applicant}-at-$(config_sequence "${work}/base.json")"
  update_prepare "${acting}" "${id}" join "${applicant}" application "${work}/base.json" "${work}/modified.json" \
    "add ${msp} to the channel's application orgs" "$(jq -cn --arg d "${def}" '{definition: $d}')"
  rm -rf "${work}"
  echo "${id}"
}

precheck_join() {
  local id=$1 org=$2
  join_check_chain "${org}" "$(update_field "${id}" definition)"
}

# join_finish APPLICANT: the applicant, once in the channel config, joins its peer, serves and
# approves the chaincode, starts its gateway and registers its peer on chain (ACTIVE, rule 1).
join_finish() {
  local org=$1 msp status node_id
  msp=$(org_field "${org}" .mspId)
  channel_has_org "${org}" ||
    log::fatal "${org} is not in the channel config yet" "the members submit its join update first: scripts/config-update.sh list"
  member_up "${org}"
  node_id="$(org_field "${org}" .peer.name).${org}"
  status=$(chain_member_status "${org}" "${msp}")
  if [[ "${status}" == ACTIVE ]] && chain_query "${org}" membership:getNode "$(jq -cn --arg n "${node_id}" '[$n]')" >/dev/null 2>&1; then
    log::info "${msp} is ACTIVE with peer ${node_id} registered; nothing changed"
    return
  fi
  [[ "${status}" == APPROVED || "${status}" == ACTIVE ]] ||
    log::fatal "the chain shows ${msp} as ${status:-not a member}; only an APPROVED member registers its first peer" "see scripts/org-join.sh status ${org}"
  log::step "${org}: registering ${node_id} on chain (rules 1–2: its TLS certificate must chain to ${msp}'s registered TLS root)"
  register_peer_on_chain "${org}" ""
  log::info "${msp} is $(chain_member_status "${org}" "${msp}")"
}

# register_peer_on_chain ORG PEER: membership:registerPeer for one of ORG's peers.
register_peer_on_chain() {
  local org=$1 peer=$2 node_id answer
  node_id="$(node_field "${org}" peer "${peer}" name).${org}"
  if ! answer=$(cc_invoke "${org}" admin1 membership:registerPeer \
    "$(jq -cn --arg n "${node_id}" --arg e "$(peer_address "${org}" "${peer}")" --rawfile t "$(peer_dir "${org}" "${peer}")/tls/server.crt" '[$n, $e, $t]')" 2>&1); then
    log::fatal "the chain refused to register ${node_id}: $(chain_error "${answer}")" "see docs/contracts.md §6 rule 2"
  fi
  log::info "registered ${node_id} at $(peer_address "${org}" "${peer}") on chain"
}

# ---- exit and expulsion (rules 4 and 5) ----

exit_check_chain() {
  local acting=$1 leaver=$2 msp status
  msp=$(org_field "${leaver}" .mspId)
  status=$(chain_member_status "${acting}" "${msp}")
  case "${status}" in
    EXITED | EXPELLED) log::info "${acting}: the chain shows ${msp} as ${status}" ;;
    *)
      log::fatal "refused: the chain shows ${msp} as ${status:-not a member}; an org leaves the channel config only once it is EXITED or EXPELLED" \
        "the member requests its exit and completes it after the notice (POST /v1/members/self/exit-request, then exit-completion), or the members expel it by an EXPEL_MEMBER proposal"
      ;;
  esac
}

# exit_prepare ACTING LEAVER: ACTING prepares the update that removes the leaver's org from the
# channel's application orgs. Prints the update's ID.
exit_prepare() {
  local acting=$1 leaver=$2 msp work id
  msp=$(org_field "${leaver}" .mspId)
  [[ "${acting}" != "${leaver}" ]] || log::fatal "${leaver} cannot prepare its own removal" "a remaining member prepares it"
  log::step "${acting}: checking the chain before preparing ${leaver}'s removal from the channel"
  exit_check_chain "${acting}" "${leaver}"
  work=$(mktemp -d "$(org_dir "${acting}")/update.XXXXXX")
  config_now "${acting}" "${work}/base.json"
  if ! grep -qx "${msp}" <<<"$(cfg_app_orgs "${work}/base.json")"; then
    rm -rf "${work}"
    log::info "${msp} is no longer in the channel config; nothing to prepare"
    return
  fi
  cfg_remove_app_org "${work}/base.json" "${msp}" "${work}/modified.json"
  id="exit-${leaver}-at-$(config_sequence "${work}/base.json")"
  update_prepare "${acting}" "${id}" exit "${leaver}" application "${work}/base.json" "${work}/modified.json" \
    "remove ${msp} from the channel's application orgs"
  rm -rf "${work}"
  echo "${id}"
}

precheck_exit() {
  exit_check_chain "$2" "$(update_field "$1" subject)"
}

# ---- orderers (rule 3) ----

# orderer_subject OWNER NAME: "OWNER/NAME", the subject an orderer update records.
orderer_check_chain() {
  local acting=$1 owner=$2 name=$3 want=$4 node_id node
  node_id="${name}.${owner}"
  if ! node=$(chain_query "${acting}" membership:getNode "$(jq -cn --arg n "${node_id}" '[$n]')" 2>&1); then
    log::fatal "refused: the chain has no orderer ${node_id}: $(chain_error "${node}")" \
      "a member opens an ADD_ORDERER proposal for it (scripts/node.sh orderer-proposal ${owner} ${name} prints it) and the members approve it"
  fi
  [[ "$(jq -r .type <<<"${node}")" == ORDERER && "$(jq -r .owner <<<"${node}")" == "$(org_field "${owner}" .mspId)" ]] ||
    log::fatal "refused: node ${node_id} on chain is a $(jq -r .type <<<"${node}") of $(jq -r .owner <<<"${node}")" "name an orderer of ${owner}"
  if [[ "$(jq -r .status <<<"${node}")" != "${want}" ]]; then
    if [[ "${want}" == ACTIVE ]]; then
      log::fatal "refused: orderer ${node_id} is $(jq -r .status <<<"${node}") on chain" "it was removed; a new orderer needs a new name and an ADD_ORDERER proposal"
    fi
    log::fatal "refused: orderer ${node_id} is $(jq -r .status <<<"${node}") on chain; a consenter leaves only under an APPROVED REMOVE_ORDERER proposal" \
      "a member opens a REMOVE_ORDERER proposal for ${node_id} (never below the charter's minOrderers) and the members approve it"
  fi
  if [[ "${want}" == ACTIVE ]]; then
    [[ "$(jq -r .tlsCertFingerprint <<<"${node}")" == "$(cert_fingerprint "$(exchange_org_dir "${owner}")/nodes/${name}.crt")" ]] ||
      log::fatal "refused: the TLS certificate published for ${node_id} is not the one the ADD_ORDERER proposal recorded" \
        "publish the certificate that was proposed, or propose again"
  fi
  log::info "${acting}: the chain shows orderer ${node_id} ${want}"
}

# orderer_add_prepare ACTING OWNER NAME: the update that makes OWNER's orderer NAME a Raft
# consenter (and lists its endpoint), under an APPROVED ADD_ORDERER proposal.
orderer_add_prepare() {
  local acting=$1 owner=$2 name=$3 work host port id
  log::step "${acting}: checking the chain before preparing orderer ${name}.${owner} as a consenter"
  orderer_check_chain "${acting}" "${owner}" "${name}" ACTIVE
  host=$(node_field "${owner}" orderer "${name}" host)
  port=$(node_field "${owner}" orderer "${name}" port)
  work=$(mktemp -d "$(org_dir "${acting}")/update.XXXXXX")
  config_now "${acting}" "${work}/base.json"
  if grep -qx "${host}:${port}" <<<"$(cfg_consenters "${work}/base.json")"; then
    rm -rf "${work}"
    log::info "${host}:${port} is already a consenter; next: ${owner}'s operator runs scripts/node.sh join-orderer ${owner} ${name}"
    return
  fi
  cfg_add_consenter "${work}/base.json" "$(org_field "${owner}" .mspId)" "${host}" "${port}" \
    "$(exchange_org_dir "${owner}")/nodes/${name}.crt" "${work}/modified.json"
  id="add-orderer-${name}.${owner}-at-$(config_sequence "${work}/base.json")"
  update_prepare "${acting}" "${id}" add-orderer "${owner}/${name}" orderer "${work}/base.json" "${work}/modified.json" \
    "add ${name}.${owner} (${host}:${port}) to the Raft consenters" "$(jq -cn --arg m "$(org_field "${owner}" .mspId)" '{mustSign: [$m]}')"
  rm -rf "${work}"
  echo "${id}"
}

precheck_add_orderer() {
  local subject
  subject=$(update_field "$1" subject)
  orderer_check_chain "$2" "${subject%/*}" "${subject#*/}" ACTIVE
}

# orderer_remove_prepare ACTING OWNER NAME: the update that takes a consenter out, under an
# APPROVED REMOVE_ORDERER proposal, never below the charter's minimum.
orderer_remove_prepare() {
  local acting=$1 owner=$2 name=$3 work host port id minimum count
  log::step "${acting}: checking the chain before preparing orderer ${name}.${owner}'s removal from the consenters"
  orderer_check_chain "${acting}" "${owner}" "${name}" REMOVED
  host=$(node_field "${owner}" orderer "${name}" host)
  port=$(node_field "${owner}" orderer "${name}" port)
  work=$(mktemp -d "$(org_dir "${acting}")/update.XXXXXX")
  config_now "${acting}" "${work}/base.json"
  if ! grep -qx "${host}:${port}" <<<"$(cfg_consenters "${work}/base.json")"; then
    rm -rf "${work}"
    log::info "${host}:${port} is no longer a consenter; next: ${owner}'s operator runs scripts/node.sh stop-orderer ${owner} ${name}"
    return
  fi
  minimum=$(chain_query "${acting}" membership:getCharter '[]' | jq -r .minOrderers)
  count=$(cfg_consenters "${work}/base.json" | wc -l)
  if ((count - 1 < minimum)); then
    rm -rf "${work}"
    log::fatal "refused: removing ${host}:${port} would leave $((count - 1)) consenters; the charter minimum is ${minimum}" "add an orderer first"
  fi
  cfg_remove_consenter "${work}/base.json" "${host}" "${port}" "${work}/modified.json"
  id="remove-orderer-${name}.${owner}-at-$(config_sequence "${work}/base.json")"
  update_prepare "${acting}" "${id}" remove-orderer "${owner}/${name}" orderer "${work}/base.json" "${work}/modified.json" \
    "remove ${name}.${owner} (${host}:${port}) from the Raft consenters" "$(jq -cn --arg m "$(org_field "${owner}" .mspId)" '{mustSign: [$m]}')"
  rm -rf "${work}"
  echo "${id}"
}

precheck_remove_orderer() {
  local subject
  subject=$(update_field "$1" subject)
  orderer_check_chain "$2" "${subject%/*}" "${subject#*/}" REMOVED
}

# ---- identities: a revoked certificate refused by every node [BSC 5.6, 5.7] ----

# revoke_check_ca ORG USER: ORG's own CA lists every certificate of USER as revoked.
revoke_check_ca() {
  local org=$1 user=$2 state
  state=$(ca_revocation_state "${org}" "${user}")
  [[ "${state}" == revoked ]] ||
    log::fatal "refused: ca-${org} lists ${user} as ${state}, not revoked" "revoke it at the CA first: scripts/identity.sh revoke ${org} ${user}"
  log::info "${org}: ca-${org} lists ${user} as revoked"
}

# revoke_prepare ORG USER: the update that puts ca-ORG's CRL (ca_crl) into ORG's MSP in the
# channel config. Prints its ID; prints nothing when the channel's CRL for ORG already revokes
# exactly the certificates the CA's does.
revoke_prepare() {
  local org=$1 user=$2 msp crl work id serials count channel
  msp=$(org_field "${org}" .mspId)
  crl=$(ca_crl "${org}")
  serials=$(cfg_crl_serials "${crl}")
  count=$(grep -c . <<<"${serials}" || true)
  work=$(mktemp -d "$(org_dir "${org}")/update.XXXXXX")
  config_now "${org}" "${work}/base.json"
  channel=$(cfg_org_revoked "${work}/base.json" "${msp}")
  if [[ "${channel}" == "${serials}" ]]; then
    rm -rf "${work}"
    log::info "the channel's CRL for ${msp} already revokes the ${count} certificate(s) ca-${org} revoked; nothing changed"
    return
  fi
  cfg_set_org_crl "${work}/base.json" "${msp}" "${crl}" "${work}/modified.json"
  id="revoke-${user}.${org}-at-$(config_sequence "${work}/base.json")"
  # The MSP value's mod_policy is the org's own Admins (OR of its admins): its admin alone signs.
  update_prepare "${org}" "${id}" revoke "${org}/${user}" org "${work}/base.json" "${work}/modified.json" \
    "put ca-${org}'s CRL (${count} revoked certificate(s), ${user}'s among them) into ${msp}'s MSP" \
    "$(jq -cn --arg m "${msp}" --arg redo "scripts/identity.sh revoke ${org} ${user}" '{mustSign: [$m], redo: $redo}')"
  rm -rf "${work}"
  echo "${id}"
}

# precheck_revoke ID ORG: the CA still lists the identity as revoked. Only the org whose CA it is
# checks and submits: no member reads another's CA.
precheck_revoke() {
  local id=$1 org=$2 subject owner
  subject=$(update_field "${id}" subject)
  owner=${subject%%/*}
  [[ "${org}" == "${owner}" ]] ||
    log::fatal "update ${id} puts ${owner}'s CRL into the channel: only ${owner}, whose CA revoked the identity, submits it" \
      "${owner}'s operator runs: scripts/config-update.sh submit ${id} ${owner}"
  revoke_check_ca "${owner}" "${subject#*/}"
}

# config_block_number ORG: the number of the channel's newest config block, fetched by ORG's admin.
config_block_number() {
  local org=$1 work number
  work=$(mktemp -d "$(org_dir "${org}")/channel.XXXXXX")
  local -a orderer=()
  mapfile -t orderer < <(orderer_args "${org}")
  # "Received block: N" is logged at info.
  if peer_as_admin "${org}" env FABRIC_LOGGING_SPEC=info peer channel fetch config "${work}/config.block" \
    -c "$(topo .channel)" "${orderer[@]}" >"${work}/fetch.log" 2>&1; then
    number=$(sed -n 's/.*Received block: \([0-9]*\).*/\1/p' "${work}/fetch.log" | tail -n 1)
  fi
  rm -rf "${work}"
  [[ -n "${number:-}" ]] || return 1
  echo "${number}"
}

# peer_past ORG PEER NUMBER: the peer has committed block NUMBER.
peer_past() {
  local height
  height=$(peer_height "$1" "$2") || return 1
  ((height > $3))
}

# wait_config_applied ORG: every running peer of ORG has committed the channel's newest config
# block: from then on it validates proposals and transactions with that config.
wait_config_applied() {
  local org=$1 number name
  number=$(config_block_number "${org}") ||
    log::fatal "${org} could not fetch the channel's config block" "see $(rel "$(org_log "${org}" channel-fetch)"); is an orderer up?"
  for name in "" $(extra_nodes "${org}" peer); do
    is_running "$(peer_process "${org}" "${name}")" || continue
    wait_for "$(peer_process "${org}" "${name}")" 60 peer_past "${org}" "${name}" "${number}" ||
      log::fatal "$(peer_process "${org}" "${name}") has not committed config block ${number}" "see $(rel "$(log_file "$(peer_process "${org}" "${name}")")")"
    log::info "$(peer_process "${org}" "${name}") has committed config block ${number}"
  done
}
