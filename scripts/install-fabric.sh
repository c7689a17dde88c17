#!/usr/bin/env bash
# Builds the pinned Hyperledger Fabric and Fabric CA binaries into a versioned folder under the
# user's cache (reused by every later run and every clone) and links them at .fabric/bin. Also
# installs the Debian packages the operator scripts use.
#
# Fabric's peer, orderer, configtxgen, configtxlator and osnadmin come from the first of:
#   1. FABRIC_BIN_DIR  binaries of a supported release that are already built;
#   2. FABRIC_SOURCE   Fabric v3.1.5's own source, built offline from its vendor/ tree;
#   3. go install      by commit through the Go module proxy (works where the proxy serves
#                      github.com/hyperledger/fabric).
# Fabric CA always comes from the Go module proxy. The Debian packages: jq, shellcheck, curl,
# chromium, and Prometheus with Alertmanager and the node and blackbox exporters (docs/monitoring.md).
#
# Usage: scripts/install-fabric.sh
# Environment:
#   CERTLEDGER_CACHE   where versioned builds live (default: ${XDG_CACHE_HOME:-$HOME/.cache}/certledger)
#   FABRIC_BIN_DIR     a folder that already holds peer, orderer, configtxgen, configtxlator and
#                      osnadmin of a supported release: used instead of building Fabric
#   FABRIC_CFG_DIR     with FABRIC_BIN_DIR: the folder holding that release's core.yaml and
#                      orderer.yaml (default: FABRIC_BIN_DIR/../config, as in release archives)
#   FABRIC_SOURCE      fabric-3.1.5-src.tar.xz (checked against the SHA-256 pinned below before
#                      anything is unpacked) or an unpacked Fabric v3.1.5 source tree with vendor/
#   SKIP_APT=1         do not install Debian packages
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib/log.sh
source "${ROOT_DIR}/scripts/lib/log.sh"

# Fabric's module path has no major-version suffix, so its v2/v3 tags are not module versions:
# releases are pinned by commit, newest first; the next one is tried when the proxy refuses one.
readonly FABRIC_RELEASES=(
  "3.1.5 86c1172bec37e6590c6b1ae6f847833df48d65fc"
  "2.5.16 f871cf92a026aba7b12e6f06d71ded3e6e659d71"
)
readonly FABRIC_COMMANDS=(peer orderer configtxgen configtxlator osnadmin)
# The source release FABRIC_SOURCE may hold: Fabric's tag v3.1.5 as `git archive` (with vendor/),
# and that archive's SHA-256. A tree or archive of any other release is refused.
readonly FABRIC_SOURCE_VERSION=3.1.5
readonly FABRIC_SOURCE_COMMIT=86c1172bec37e6590c6b1ae6f847833df48d65fc
readonly FABRIC_SOURCE_SHA256=384fc6f42377e404b25e69521bfbe10afc87ada638163daa80eff2388720fe3c
readonly FABRIC_CA_VERSION=1.5.21
readonly FABRIC_CA_COMMANDS=(fabric-ca-server fabric-ca-client)
# chromium: the /verify page test drives it headless (playwright-core, never a downloaded browser).
# prometheus (2.42, with promtool and the console libraries), prometheus-alertmanager (with amtool)
# and the node and blackbox exporters: each member's monitoring (docs/monitoring.md); the unit suite
# runs the real promtool on monitoring/. Their Debian services are not used: the operator scripts
# start them per member.
readonly DEBIAN_PACKAGES=(jq shellcheck curl chromium
  prometheus prometheus-alertmanager prometheus-node-exporter prometheus-blackbox-exporter)

CACHE_ROOT=${CERTLEDGER_CACHE:-${XDG_CACHE_HOME:-${HOME}/.cache}/certledger}
LINK_DIR="${ROOT_DIR}/.fabric/bin"
CONFIG_LINK="${ROOT_DIR}/.fabric/config"

# The checksum database is consulted for everything except Hyperledger's own modules, whose
# commit-pinned versions it may not know.
export GONOSUMDB="github.com/hyperledger/*"
export GOFLAGS="${GOFLAGS:-} -buildvcs=false"

install_debian_packages() {
  if [[ "${SKIP_APT:-0}" == 1 ]]; then
    return
  fi
  local missing=() pkg
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg -s "${pkg}" >/dev/null 2>&1 || missing+=("${pkg}")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    log::info "Debian packages present: ${DEBIAN_PACKAGES[*]}"
    return
  fi
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  log::step "Installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

require_go() {
  command -v go >/dev/null 2>&1 ||
    log::fatal "Go is not installed" "install Go 1.25 or newer (https://go.dev/doc/install), then rerun this script"
}

# binaries_present DIR NAME...: every named binary exists and is executable in DIR.
binaries_present() {
  local dir=$1 name
  shift
  for name in "$@"; do
    [[ -x "${dir}/${name}" ]] || return 1
  done
}

# version_of BINARY: the "Version:" line its version command prints.
version_of() {
  { "$1" version 2>/dev/null || "$1" --version 2>&1; } | awk -F': *' '/^ *Version:/ {print $2; exit}'
}

build_fabric_ca() {
  local bin_dir="${CACHE_ROOT}/fabric-ca-${FABRIC_CA_VERSION}/bin"
  if binaries_present "${bin_dir}" "${FABRIC_CA_COMMANDS[@]}" &&
    [[ "$(version_of "${bin_dir}/fabric-ca-server")" == "v${FABRIC_CA_VERSION}" ]]; then
    log::info "Fabric CA v${FABRIC_CA_VERSION} already built in ${bin_dir}"
    echo "${bin_dir}"
    return
  fi
  log::step "Building Fabric CA v${FABRIC_CA_VERSION} (cgo) into ${bin_dir}"
  # A throwaway module that requires the release: `go install pkg@version` would also ask the
  # proxy for the module's version list, which it does not serve for Hyperledger modules.
  local work="${CACHE_ROOT}/build/fabric-ca-${FABRIC_CA_VERSION}"
  mkdir -p "${work}" "${bin_dir}"
  cat >"${work}/go.mod" <<EOF
module certledger.local/build/fabricca

go 1.25.0

require github.com/hyperledger/fabric-ca v${FABRIC_CA_VERSION}
EOF
  cat >"${work}/tools.go" <<'EOF'
//go:build tools

// Package tools pins the Fabric CA commands this project builds.
package tools

import (
	_ "github.com/hyperledger/fabric-ca/cmd/fabric-ca-client"
	_ "github.com/hyperledger/fabric-ca/cmd/fabric-ca-server"
)
EOF
  local pkgs=() name
  for name in "${FABRIC_CA_COMMANDS[@]}"; do
    pkgs+=("github.com/hyperledger/fabric-ca/cmd/${name}")
  done
  (
    cd "${work}"
    go mod tidy
    CGO_ENABLED=1 GOBIN="${bin_dir}" go install \
      -ldflags "-X github.com/hyperledger/fabric-ca/lib/metadata.Version=v${FABRIC_CA_VERSION}" "${pkgs[@]}"
  ) >&2 || log::fatal "building Fabric CA v${FABRIC_CA_VERSION} failed (output above)" \
    "check that the Go module proxy is reachable and a C compiler is installed (apt-get install build-essential)"
  echo "${bin_dir}"
}

# fabric_built VERSION: the cache folder of an earlier complete build of VERSION, if there is one.
fabric_built() {
  local bin_dir="${CACHE_ROOT}/fabric-$1/bin"
  binaries_present "${bin_dir}" "${FABRIC_COMMANDS[@]}" && [[ -f "${bin_dir}/../config/core.yaml" ]] &&
    [[ "$(version_of "${bin_dir}/peer")" == "v$1" ]] && echo "${bin_dir}"
}

# copy_sample_config SOURCE_TREE BIN_DIR: Fabric's sample core.yaml, orderer.yaml and configtx.yaml,
# the starting point of every node's configuration, beside the binaries.
copy_sample_config() {
  mkdir -p "$2/../config"
  cp "$1/sampleconfig/core.yaml" "$1/sampleconfig/orderer.yaml" "$1/sampleconfig/configtx.yaml" "$2/../config/"
}

fabric_ldflags() {
  echo "-X github.com/hyperledger/fabric/common/metadata.Version=v$1 -X github.com/hyperledger/fabric/common/metadata.CommitSHA=${2:0:7}"
}

# build_fabric_release VERSION COMMIT ERRORS_FILE: builds the Fabric commands at COMMIT through the
# Go module proxy; on failure appends the go command's own error to ERRORS_FILE and returns non-zero.
build_fabric_release() {
  local version=$1 commit=$2 errors=$3
  local bin_dir="${CACHE_ROOT}/fabric-${version}/bin"
  log::step "Building Fabric v${version} (commit ${commit:0:12}) through the Go module proxy into ${bin_dir}"
  mkdir -p "${bin_dir}"
  local name ldflags
  ldflags=$(fabric_ldflags "${version}" "${commit}")
  for name in "${FABRIC_COMMANDS[@]}"; do
    log::info "go install github.com/hyperledger/fabric/cmd/${name}@${commit}"
    if ! GOBIN="${bin_dir}" go install -ldflags "${ldflags}" \
      "github.com/hyperledger/fabric/cmd/${name}@${commit}" 2>>"${errors}"; then
      log::warn "the Go module proxy did not give Fabric v${version} (${name})"
      return 1
    fi
  done
  local module
  module=$(find "$(go env GOMODCACHE)/github.com/hyperledger" -maxdepth 1 -type d -name "fabric@*-${commit:0:12}" | head -n 1)
  [[ -n "${module}" ]] || log::fatal "Fabric's module source for ${commit:0:12} is not in the Go module cache" "rerun this script"
  copy_sample_config "${module}" "${bin_dir}"
  echo "${bin_dir}"
}

# unpack_fabric_source ARCHIVE: checks ARCHIVE against the pinned SHA-256, unpacks it into the
# build cache and prints the source tree's path. Nothing is unpacked from an archive that differs.
unpack_fabric_source() {
  local archive=$1 actual
  log::info "Checking the SHA-256 of ${archive}"
  actual=$(sha256sum "${archive}" | awk '{print $1}')
  [[ "${actual}" == "${FABRIC_SOURCE_SHA256}" ]] ||
    log::fatal "FABRIC_SOURCE=${archive} is not Fabric v${FABRIC_SOURCE_VERSION}'s source archive: its SHA-256 is ${actual}, the pinned one is ${FABRIC_SOURCE_SHA256}" \
      "use an intact fabric-${FABRIC_SOURCE_VERSION}-src.tar.xz (check it with: sha256sum -c SHA256SUMS), or point FABRIC_SOURCE at an unpacked v${FABRIC_SOURCE_VERSION} source tree"
  local work="${CACHE_ROOT}/build/fabric-${FABRIC_SOURCE_VERSION}-src"
  rm -rf "${work}"
  mkdir -p "${work}"
  log::info "Unpacking ${archive} into ${work}"
  tar -xJf "${archive}" -C "${work}" || log::fatal "unpacking ${archive} failed (output above)" "check the free disk space under ${CACHE_ROOT}"
  local tree="${work}/fabric-${FABRIC_SOURCE_VERSION}"
  [[ -d "${tree}" ]] || log::fatal "${archive} holds no fabric-${FABRIC_SOURCE_VERSION}/ folder" "use the archive made with git archive of tag v${FABRIC_SOURCE_VERSION}"
  echo "${tree}"
}

# build_fabric_from_source PATH: builds the Fabric commands offline (-mod=vendor, GOPROXY=off)
# from an archive or an unpacked source tree of v3.1.5.
build_fabric_from_source() {
  local source=$1 tree unpacked=0
  local bin_dir="${CACHE_ROOT}/fabric-${FABRIC_SOURCE_VERSION}/bin"
  if [[ -f "${source}" ]]; then
    tree=$(unpack_fabric_source "${source}")
    unpacked=1
  elif [[ -d "${source}" ]]; then
    tree=$(cd "${source}" && pwd)
  else
    log::fatal "FABRIC_SOURCE=${source} does not exist" "point FABRIC_SOURCE at fabric-${FABRIC_SOURCE_VERSION}-src.tar.xz or an unpacked Fabric v${FABRIC_SOURCE_VERSION} source tree"
  fi
  [[ -f "${tree}/go.mod" && -d "${tree}/vendor" && -d "${tree}/cmd/peer" ]] ||
    log::fatal "${tree} is not a Fabric source tree with its vendor/ folder" "use Fabric's source at tag v${FABRIC_SOURCE_VERSION} as git archive makes it (it includes vendor/)"
  local release
  release=$(sed -n 's/^FABRIC_VER ?= *//p' "${tree}/Makefile" 2>/dev/null)
  [[ "${release}" == "${FABRIC_SOURCE_VERSION}" ]] ||
    log::fatal "${tree} is Fabric '${release:-unknown}', not v${FABRIC_SOURCE_VERSION}" "use Fabric's source at tag v${FABRIC_SOURCE_VERSION}"
  log::step "Building Fabric v${FABRIC_SOURCE_VERSION} offline from ${tree} into ${bin_dir} (about 2 minutes cold on 2 cores)"
  mkdir -p "${bin_dir}"
  local pkgs=() name
  for name in "${FABRIC_COMMANDS[@]}"; do pkgs+=("./cmd/${name}"); done
  (
    cd "${tree}"
    GOFLAGS=-mod=vendor GOPROXY=off CGO_ENABLED=0 go build -trimpath \
      -ldflags "$(fabric_ldflags "${FABRIC_SOURCE_VERSION}" "${FABRIC_SOURCE_COMMIT}")" -o "${bin_dir}/" "${pkgs[@]}"
  ) >&2 || log::fatal "building Fabric from ${tree} failed (output above)" "check that Go 1.25 or newer is installed and that the tree is intact"
  copy_sample_config "${tree}" "${bin_dir}"
  [[ "${unpacked}" -eq 0 ]] || rm -rf "$(dirname "${tree}")"
  log::info "Built: $(version_of "${bin_dir}/peer") in ${bin_dir}"
  echo "${bin_dir}"
}

use_provided_fabric() {
  local dir=$1
  binaries_present "${dir}" "${FABRIC_COMMANDS[@]}" ||
    log::fatal "FABRIC_BIN_DIR=${dir} does not hold all of: ${FABRIC_COMMANDS[*]}" \
      "point FABRIC_BIN_DIR at the bin/ folder of a Fabric v3.1.5 or v2.5.16 release"
  local version
  version=$(version_of "${dir}/peer")
  case "${version}" in
    v3.1.* | v2.5.*) log::info "Using the Fabric ${version} binaries in ${dir}" ;;
    *) log::fatal "FABRIC_BIN_DIR holds Fabric '${version}', which this project does not support" \
      "use a Fabric v3.1.x or v2.5.x release" ;;
  esac
  local config=${FABRIC_CFG_DIR:-${dir}/../config}
  [[ -f "${config}/core.yaml" && -f "${config}/orderer.yaml" ]] ||
    log::fatal "no core.yaml and orderer.yaml in ${config}" "set FABRIC_CFG_DIR to the config/ folder of the same Fabric release"
  mkdir -p "${dir}/../config" 2>/dev/null || true
  [[ "$(cd "${config}" && pwd)" == "$(cd "${dir}/../config" && pwd)" ]] || cp "${config}/core.yaml" "${config}/orderer.yaml" "${dir}/../config/"
  echo "${dir}"
}

build_fabric() {
  if [[ -n "${FABRIC_BIN_DIR:-}" ]]; then
    use_provided_fabric "${FABRIC_BIN_DIR}"
    return
  fi
  local errors release version commit dir
  # A complete earlier build of a supported release is reused, whichever way it was built.
  for release in "${FABRIC_RELEASES[@]}"; do
    read -r version commit <<<"${release}"
    if dir=$(fabric_built "${version}"); then
      log::info "Fabric v${version} already built in ${dir}"
      echo "${dir}"
      return
    fi
  done
  if [[ -n "${FABRIC_SOURCE:-}" ]]; then
    build_fabric_from_source "${FABRIC_SOURCE}"
    return
  fi
  require_go
  errors=$(mktemp)
  for release in "${FABRIC_RELEASES[@]}"; do
    read -r version commit <<<"${release}"
    if dir=$(build_fabric_release "${version}" "${commit}" "${errors}"); then
      rm -f "${errors}"
      echo "${dir}"
      return
    fi
  done
  log::error "No pinned Fabric release could be built through the Go module proxy. The go command said:"
  sed 's/^/    /' "${errors}" >&2
  rm -f "${errors}"
  log::fatal "Fabric's peer, orderer, configtxgen, configtxlator and osnadmin are not installed" \
    "use one of three ways, then rerun scripts/install-fabric.sh: FABRIC_SOURCE=PATH to Fabric v${FABRIC_SOURCE_VERSION}'s source (fabric-${FABRIC_SOURCE_VERSION}-src.tar.xz or a checkout of tag v${FABRIC_SOURCE_VERSION} with vendor/); FABRIC_BIN_DIR=PATH to the bin/ folder of a Fabric v3.1.5 or v2.5.16 release; or a Go module proxy that serves github.com/hyperledger/fabric"
}

# link_binaries DIR NAME...: .fabric/bin/NAME -> DIR/NAME, so scripts use one PATH entry.
link_binaries() {
  local dir=$1 name
  shift
  mkdir -p "${LINK_DIR}"
  for name in "$@"; do
    ln -sfn "${dir}/${name}" "${LINK_DIR}/${name}"
  done
}

print_versions() {
  local name
  log::step "Installed binaries (${LINK_DIR})"
  for name in "$@"; do
    printf '  %-18s %s\n' "${name}" "$(version_of "${LINK_DIR}/${name}")" >&2
  done
}

main() {
  install_debian_packages
  local ca_dir fabric_dir
  # Fabric first: a refused FABRIC_SOURCE (a wrong digest, another release) stops the install
  # before anything is built.
  fabric_dir=$(build_fabric)
  require_go
  ca_dir=$(build_fabric_ca)
  link_binaries "${fabric_dir}" "${FABRIC_COMMANDS[@]}"
  ln -sfn "$(cd "${fabric_dir}/../config" && pwd)" "${CONFIG_LINK}"
  link_binaries "${ca_dir}" "${FABRIC_CA_COMMANDS[@]}"
  print_versions "${FABRIC_COMMANDS[@]}" "${FABRIC_CA_COMMANDS[@]}"
}

main "$@"
