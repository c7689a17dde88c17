#!/usr/bin/env bash
# Each member's Fabric CA: start it, register and enrol every identity the member needs (admin,
# peer, orderer, TLS, users carrying certledger.role), and lay out the MSP folders Fabric reads.
# Requires scripts/lib/env.sh.

ca_process() { echo "ca-$1"; }
ca_home() { echo "$(org_dir "$1")/ca/server"; }
ca_client_home() { echo "$(org_dir "$1")/ca/client"; }
ca_cert() { echo "$(ca_home "$1")/ca-cert.pem"; }
ca_url() { echo "https://$(org_field "$1" .ca.host):$(org_field "$1" .ca.port)"; }
secret_file() { echo "$(org_dir "$1")/ca/secrets/$2"; }

# secret_for ORG ID: the enrolment secret of an identity, generated once and kept (mode 600).
secret_for() {
  local file
  file=$(secret_file "$1" "$2")
  if [[ ! -s "${file}" ]]; then
    mkdir -p "$(dirname "${file}")"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"${file}")
  fi
  cat "${file}"
}

# write_ca_config ORG: the CA's fabric-ca-server-config.yaml (mode 600) with its bootstrap
# registrar, whose password is read from this file, never given on the command line where `ps`
# would show it; and the signing profiles (default and tls) enrolment uses.
write_ca_config() {
  local org=$1 file
  file="$(ca_home "${org}")/fabric-ca-server-config.yaml"
  cat >"${file}" <<EOF
# Rendered by scripts/lib/ca.sh for ${org}; holds a secret (mode 600).
registry:
  maxenrollments: -1
  identities:
    - name: admin
      pass: $(secret_for "${org}" ca-admin)
      type: client
      affiliation: ""
      attrs:
        hf.Registrar.Roles: "*"
        hf.Registrar.DelegateRoles: "*"
        hf.Registrar.Attributes: "*"
        hf.Revoker: true
        hf.GenCRL: true
        hf.IntermediateCA: true
        hf.AffiliationMgr: true
affiliations: {}
signing:
  default:
    usage: [digital signature]
    expiry: 8760h
  profiles:
    tls:
      usage: [signing, key encipherment, server auth, client auth, key agreement]
      expiry: 8760h
EOF
}

ca_start() {
  local org=$1 home host port ops
  home=$(ca_home "${org}")
  host=$(org_field "${org}" .ca.host)
  port=$(org_field "${org}" .ca.port)
  ops=$(org_field "${org}" .ca.operationsPort)
  mkdir -p "${home}"
  write_ca_config "${org}"
  start_process "$(ca_process "${org}")" "${home}" fabric-ca-server start \
    --home "${home}" \
    --port "${port}" --address "${host}" \
    --ca.name "ca-${org}" \
    --csr.cn "ca.${org}.certledger" \
    --csr.hosts "${host}" \
    --tls.enabled \
    --operations.listenaddress "${host}:${ops}" \
    --metrics.provider prometheus
  wait_for "$(ca_process "${org}")" 60 test -s "$(ca_cert "${org}")"
  wait_for "$(ca_process "${org}")" 60 healthz_ok "${host}:${ops}"
}

ca_client() {
  local org=$1
  shift
  fabric-ca-client "$@" --home "$(ca_client_home "${org}")" --url "$(ca_url "${org}")" --tls.certfiles "$(ca_cert "${org}")" --caname "ca-${org}"
}

# ca_client_secret ORG CONFIG_YAML ARGS...: fabric-ca-client with a secret (an enrolment URL with
# its password, a registration's secret) given in a one-off config file (mode 600, removed
# afterwards) rather than on the command line. Its "Password:" line is not echoed.
ca_client_secret() {
  local org=$1 config=$2 dir status=0
  shift 2
  mkdir -p "$(ca_client_home "${org}")"
  dir=$(mktemp -d "$(ca_client_home "${org}")/call.XXXXXX")
  printf '%s\n' "${config}" >"${dir}/fabric-ca-client-config.yaml"
  fabric-ca-client "$@" -c "${dir}/fabric-ca-client-config.yaml" --tls.certfiles "$(ca_cert "${org}")" \
    --caname "ca-${org}" 2>&1 | grep -v '^Password:' || status=${PIPESTATUS[0]}
  rm -rf "${dir}"
  return "${status}"
}

# ca_url_as ORG ID SECRET: the CA's URL carrying an identity's credentials (for ca_client_secret).
ca_url_as() {
  echo "https://$2:$3@$(org_field "$1" .ca.host):$(org_field "$1" .ca.port)"
}

# register_identity ORG ID TYPE [ATTRS]: registers ID unless the CA already knows it.
register_identity() {
  local org=$1 id=$2 type=$3 attrs=${4:-}
  if ca_client "${org}" identity list --id "${id}" >/dev/null 2>&1; then
    return
  fi
  ca_client_secret "${org}" "$(printf 'url: %s\nid:\n  secret: %s' "$(ca_url "${org}")" "$(secret_for "${org}" "${id}")")" \
    register --mspdir "$(ca_client_home "${org}")/msp" --id.name "${id}" \
    --id.type "${type}" ${attrs:+--id.attrs "${attrs}"} >>"$(org_log "${org}" ca-client)" 2>&1 ||
    log::fatal "registering ${id} at ca-${org} failed" "see $(rel "$(org_log "${org}" ca-client)")"
  log::info "registered ${id} (${type}${attrs:+, ${attrs}}) at ca-${org}"
}

# ca_roles: the values of the certledger.role attribute a user carries (docs/contracts.md §1.3 "Who
# may call what"), one per line.
ca_roles() {
  # the one list (chaincode/src/api/roles.data.json), which the chaincode reads too
  jq -r '.[]' "${ROOT_DIR}/chaincode/src/api/roles.data.json"
}

# ca_require_role ROLE: ROLE is one of ca_roles, or the script stops naming them.
ca_require_role() {
  grep -qx -- "$1" <<<"$(ca_roles)" || log::fatal "unknown role '$1'" "use one of: $(ca_roles | paste -sd' ' -)"
}

# ca_register_user ORG USER ROLE: registers USER at ORG's CA with certledger.role=ROLE in its
# enrolment certificate (type admin for the admin role, client otherwise), unless it is known.
ca_register_user() {
  local org=$1 user=$2 role=$3 type=client
  ca_require_role "${role}"
  [[ "${role}" != admin ]] || type="admin"
  register_identity "${org}" "${user}" "${type}" "certledger.role=${role}:ecert"
}

# ca_identity ORG ID: the CA's line for ID ("Name: ID, Type: ..., Attributes: [...]"); fails when
# the CA does not know ID.
ca_identity() {
  local line
  line=$(ca_client "$1" identity list --id "$2" 2>/dev/null) || return 1
  grep -m 1 '^Name: ' <<<"${line}"
}

# ca_identity_role LINE: the certledger.role attribute in a line of ca_identity ('-' without one).
ca_identity_role() {
  local role
  role=$(grep -o 'Name:certledger\.role Value:[^ }]*' <<<"$1" | sed 's/.*Value://' || true)
  echo "${role:--}"
}

# ca_identity_type LINE: the identity type in a line of ca_identity.
ca_identity_type() {
  sed -n 's/.*, Type: \([^,]*\),.*/\1/p' <<<"$1"
}

# ca_certificates ORG [FLAGS]: "ID SERIAL" for every certificate ORG's CA issued (FLAGS as for
# fabric-ca-client certificate list: --id ID for one identity's, --notrevoked for those not
# revoked), the serial in lowercase hex without leading zeros, as Fabric CA writes serials.
ca_certificates() {
  local org=$1 text
  shift
  text=$(ca_client "${org}" certificate list "$@" 2>>"$(org_log "${org}" ca-client)") ||
    log::fatal "ca-${org} did not list its certificates" "see $(rel "$(org_log "${org}" ca-client)"); is the CA running (scripts/member.sh status ${org})?"
  # Each certificate is printed as text: "Serial Number: DECIMAL (0xHEX)", later its
  # "Subject: OU=...,CN=ID" (Fabric CA names the enrolment ID in the CN).
  awk '/^ *Serial Number: / { serial = $0; sub(/.*\(0x/, "", serial); sub(/\).*/, "", serial); serial = tolower(serial); sub(/^0+/, "", serial) }
    /^ *Subject: / { if (match($0, /CN=[^,]*/)) print substr($0, RSTART + 3, RLENGTH - 3), serial }' <<<"${text}"
}

# revocation_state ALL VALID: the state of an identity with ALL certificates of which VALID are
# not revoked: "active", "revoked", "revoked K of N", or "not enrolled" when it has none.
revocation_state() {
  if (($1 == 0)); then
    echo "not enrolled"
  elif (($2 == 0)); then
    echo revoked
  elif (($1 == $2)); then
    echo active
  else
    echo "revoked $(($1 - $2)) of $1"
  fi
}

# ca_revocation_state ORG ID: the revocation state of one identity at ORG's CA (revocation_state).
ca_revocation_state() {
  local org=$1 id=$2 all valid
  all=$(ca_certificates "${org}" --id "${id}")
  valid=$(ca_certificates "${org}" --id "${id}" --notrevoked)
  revocation_state "$(grep -c . <<<"${all}" || true)" "$(grep -c . <<<"${valid}" || true)"
}

# ca_revocation_states ORG: "ID<TAB>STATE" for every identity ORG's CA issued a certificate to.
ca_revocation_states() {
  local org=$1 all valid id count left
  all=$(ca_certificates "${org}")
  valid=$(ca_certificates "${org}" --notrevoked)
  while read -r id count left; do
    printf '%s\t%s\n' "${id}" "$(revocation_state "${count}" "${left}")"
  done < <(awk 'FNR == 1 { file++ } NF == 0 { next } file == 1 { all[$1]++ } file == 2 { valid[$1]++ }
    END { for (id in all) print id, all[id], valid[id] + 0 }' <(printf '%s\n' "${all}") <(printf '%s\n' "${valid}") | sort)
}

# ca_crl ORG: where the registrar's CA client writes the CRL it gets from ORG's CA (gencrl, or
# revoke --gencrl).
ca_crl() {
  echo "$(ca_client_home "$1")/msp/crls/crl.pem"
}

# write_node_ous MSPDIR: the NodeOU mapping that tells Fabric an identity's role from its OU.
write_node_ous() {
  cat >"$1/config.yaml" <<'EOF'
NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: orderer
EOF
}

# normalise_msp MSPDIR ORG: one CA file name and one key file name, whatever the CA client wrote.
normalise_msp() {
  local msp=$1 org=$2
  rm -f "${msp}"/cacerts/*
  cp "$(ca_cert "${org}")" "${msp}/cacerts/ca.pem"
  mkdir -p "${msp}/tlscacerts"
  cp "$(ca_cert "${org}")" "${msp}/tlscacerts/ca.pem"
  local key
  key=$(find "${msp}/keystore" -name '*_sk' | head -n 1)
  [[ -n "${key}" ]] && mv "${key}" "${msp}/keystore/key.pem"
  write_node_ous "${msp}"
}

# enroll_identity ORG ID MSPDIR [HOSTS]: enrols ID into MSPDIR unless it is already there.
enroll_identity() {
  local org=$1 id=$2 msp=$3 hosts=${4:-}
  [[ -s "${msp}/signcerts/cert.pem" ]] && return
  ca_client_secret "${org}" "url: $(ca_url_as "${org}" "${id}" "$(secret_for "${org}" "${id}")")" enroll \
    --mspdir "${msp}" ${hosts:+--csr.hosts "${hosts}"} >>"$(org_log "${org}" ca-client)" 2>&1 ||
    log::fatal "enrolling ${id} at ca-${org} failed" "see $(rel "$(org_log "${org}" ca-client)")"
  normalise_msp "${msp}" "${org}"
}

# enroll_tls ORG ID DIR HOSTS: a TLS server/client certificate for a node, as server.crt/.key.
enroll_tls() {
  local org=$1 id=$2 dir=$3 hosts=$4
  [[ -s "${dir}/server.crt" ]] && return
  local tmp="${dir}/enroll"
  ca_client_secret "${org}" "url: $(ca_url_as "${org}" "${id}" "$(secret_for "${org}" "${id}")")" enroll \
    --enrollment.profile tls --csr.hosts "${hosts}" --mspdir "${tmp}" >>"$(org_log "${org}" ca-client)" 2>&1 ||
    log::fatal "TLS enrolment of ${id} at ca-${org} failed" "see $(rel "$(org_log "${org}" ca-client)")"
  cp "${tmp}/signcerts/cert.pem" "${dir}/server.crt"
  cp "$(find "${tmp}/keystore" -name '*_sk' | head -n 1)" "${dir}/server.key"
  cp "$(ca_cert "${org}")" "${dir}/ca.crt"
  rm -rf "${tmp}"
}

# ca_issue_node ORG KIND NAME HOST: a peer's or orderer's enrolment certificate (its MSP) and TLS
# pair for HOST, from the member's own CA, in run/<org>/<KIND>s/<NAME>/.
ca_issue_node() {
  local org=$1 kind=$2 name=$3 host=$4 dir
  dir="$(org_dir "${org}")/${kind}s/${name}"
  register_identity "${org}" "${name}" "${kind}"
  enroll_identity "${org}" "${name}" "${dir}/msp"
  mkdir -p "${dir}/tls"
  enroll_tls "${org}" "${name}" "${dir}/tls" "${host}"
}

# ca_issue_identities ORG: every identity of the topology for ORG, registered and enrolled.
ca_issue_identities() {
  local org=$1 dir
  dir=$(org_dir "${org}")

  # The CA's bootstrap admin is the registrar for everything below.
  if [[ ! -s "$(ca_client_home "${org}")/msp/signcerts/cert.pem" ]]; then
    ca_client_secret "${org}" "url: $(ca_url_as "${org}" admin "$(secret_for "${org}" ca-admin)")" enroll \
      --mspdir "$(ca_client_home "${org}")/msp" >>"$(org_log "${org}" ca-client)" 2>&1 ||
      log::fatal "enrolling the CA bootstrap admin of ${org} failed" "see $(rel "$(org_log "${org}" ca-client)")"
  fi

  ca_issue_node "${org}" peer "$(org_field "${org}" .peer.name)" "$(org_field "${org}" .peer.host)"
  if has_orderer "${org}"; then
    ca_issue_node "${org}" orderer "$(org_field "${org}" .orderer.name)" "$(org_field "${org}" .orderer.host)"
  fi
  register_identity "${org}" "chaincode" client
  mkdir -p "${dir}/chaincode/tls"
  enroll_tls "${org}" "chaincode" "${dir}/chaincode/tls" "$(org_field "${org}" .chaincode.host)"

  local name type role
  while IFS=$'\t' read -r name type role; do
    register_identity "${org}" "${name}" "${type}" "certledger.role=${role}:ecert"
    enroll_identity "${org}" "${name}" "${dir}/users/${name}/msp"
  done < <(topo ".orgs[] | select(.name == \$org) | .users[] | [.name, .type, .role] | @tsv" --arg org "${org}")

  # The org's MSP as the channel sees it: roots and NodeOUs, no keys.
  mkdir -p "${dir}/msp/cacerts" "${dir}/msp/tlscacerts"
  cp "$(ca_cert "${org}")" "${dir}/msp/cacerts/ca.pem"
  cp "$(ca_cert "${org}")" "${dir}/msp/tlscacerts/ca.pem"
  write_node_ous "${dir}/msp"
  # Fabric's CLI acts as the org admin with this MSP.
  mkdir -p "${dir}/users/admin1/msp/admincerts"
}

# has_orderer ORG: the topology gives ORG an orderer of its own.
has_orderer() {
  # shellcheck disable=SC2016 # a jq program: $org and $msp are jq's variables
  topo '.orgs[] | select(.name == $org) | .orderer.name' --arg org "$1" >/dev/null 2>&1
}

# publish_definition ORG: writes the public material ORG hands the other members into the
# exchange folder — its MSP definition (CA and TLS roots, NodeOU config), its endpoints and its
# nodes' TLS certificates. Never a key: only files named *.pem, *.crt, config.yaml and JSON.
publish_definition() {
  local org=$1 out dir node
  out=$(exchange_org_dir "${org}")
  dir=$(org_dir "${org}")
  mkdir -p "${out}/msp/cacerts" "${out}/msp/tlscacerts" "${out}/nodes"
  cp "${dir}/msp/cacerts/ca.pem" "${out}/msp/cacerts/ca.pem"
  cp "${dir}/msp/tlscacerts/ca.pem" "${out}/msp/tlscacerts/ca.pem"
  cp "${dir}/msp/config.yaml" "${out}/msp/config.yaml"
  for node in "${dir}"/peers/* "${dir}"/orderers/*; do
    [[ -s "${node}/tls/server.crt" ]] && cp "${node}/tls/server.crt" "${out}/nodes/$(basename "${node}").crt"
  done
  # shellcheck disable=SC2016 # a jq program: $org and $msp are jq's variables
  topo '.orgs[] | select(.name == $org) | {name, mspId, role, displayName, credentials: (.credentials // {}),
      peer: {name: .peer.name, endpoint: "\(.peer.host):\(.peer.port)"},
      orderer: (if .orderer then {name: .orderer.name, endpoint: "\(.orderer.host):\(.orderer.port)"} else null end)}' \
    --arg org "${org}" >"${out}/definition.json"
  log::info "${org}: MSP definition and node certificates published in $(rel "${out}")"
}
