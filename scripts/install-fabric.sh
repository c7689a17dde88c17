#!/usr/bin/env bash
# Builds the pinned Hyperledger Fabric and Fabric CA binaries from the Go module proxy into a
# versioned folder under the user's cache (reused by every later run and every clone) and links
# them at .fabric/bin. Also installs the Debian packages the operator scripts use.
#
# Usage: scripts/install-fabric.sh
# Environment:
#   CERTLEDGER_CACHE   where versioned builds live (default: ${XDG_CACHE_HOME:-$HOME/.cache}/certledger)
#   FABRIC_BIN_DIR     a folder that already holds peer, orderer, configtxgen, configtxlator and
#                      osnadmin of a supported release: used instead of building Fabric
#   FABRIC_CFG_DIR     with FABRIC_BIN_DIR: the folder holding that release's core.yaml and
#                      orderer.yaml (default: FABRIC_BIN_DIR/../config, as in release archives)
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
readonly FABRIC_CA_VERSION=1.5.21
readonly FABRIC_CA_COMMANDS=(fabric-ca-server fabric-ca-client)
# chromium: the /verify page test drives it headless (playwright-core, never a downloaded browser).
readonly DEBIAN_PACKAGES=(jq shellcheck curl chromium)

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

# build_fabric_release VERSION COMMIT ERRORS_FILE: builds the Fabric commands at COMMIT; on
# failure appends the go command's own error to ERRORS_FILE and returns non-zero.
build_fabric_release() {
  local version=$1 commit=$2 errors=$3
  local bin_dir="${CACHE_ROOT}/fabric-${version}/bin"
  if binaries_present "${bin_dir}" "${FABRIC_COMMANDS[@]}" && [[ -f "${bin_dir}/../config/core.yaml" ]] &&
    [[ "$(version_of "${bin_dir}/peer")" == "v${version}" ]]; then
    log::info "Fabric v${version} already built in ${bin_dir}"
    echo "${bin_dir}"
    return
  fi
  log::step "Building Fabric v${version} (commit ${commit:0:12}) into ${bin_dir}"
  mkdir -p "${bin_dir}"
  local name ldflags="-X github.com/hyperledger/fabric/common/metadata.Version=v${version} -X github.com/hyperledger/fabric/common/metadata.CommitSHA=${commit:0:7}"
  for name in "${FABRIC_COMMANDS[@]}"; do
    log::info "go install github.com/hyperledger/fabric/cmd/${name}@${commit}"
    if ! GOBIN="${bin_dir}" go install -ldflags "${ldflags}" \
      "github.com/hyperledger/fabric/cmd/${name}@${commit}" 2>>"${errors}"; then
      log::warn "the Go module proxy did not give Fabric v${version} (${name})"
      return 1
    fi
  done
  # Fabric's sample core.yaml and orderer.yaml arrive with its module source: every node's
  # configuration starts from them.
  local module
  module=$(find "$(go env GOMODCACHE)/github.com/hyperledger" -maxdepth 1 -type d -name "fabric@*-${commit:0:12}" | head -n 1)
  [[ -n "${module}" ]] || log::fatal "Fabric's module source for ${commit:0:12} is not in the Go module cache" "rerun this script"
  mkdir -p "${bin_dir}/../config"
  cp "${module}/sampleconfig/core.yaml" "${module}/sampleconfig/orderer.yaml" "${module}/sampleconfig/configtx.yaml" "${bin_dir}/../config/"
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
  errors=$(mktemp)
  for release in "${FABRIC_RELEASES[@]}"; do
    read -r version commit <<<"${release}"
    if dir=$(build_fabric_release "${version}" "${commit}" "${errors}"); then
      rm -f "${errors}"
      echo "${dir}"
      return
    fi
  done
  log::error "No pinned Fabric release could be built. The go command said:"
  sed 's/^/    /' "${errors}" >&2
  rm -f "${errors}"
  log::fatal "Fabric's peer, orderer, configtxgen, configtxlator and osnadmin are not installed" \
    "build them where the Go module proxy serves github.com/hyperledger/fabric, or set FABRIC_BIN_DIR to the bin/ folder of a Fabric v3.1.5 or v2.5.16 release, then rerun scripts/install-fabric.sh"
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
  require_go
  local ca_dir fabric_dir
  ca_dir=$(build_fabric_ca)
  link_binaries "${ca_dir}" "${FABRIC_CA_COMMANDS[@]}"
  fabric_dir=$(build_fabric)
  link_binaries "${fabric_dir}" "${FABRIC_COMMANDS[@]}"
  ln -sfn "$(cd "${fabric_dir}/../config" && pwd)" "${CONFIG_LINK}"
  print_versions "${FABRIC_COMMANDS[@]}" "${FABRIC_CA_COMMANDS[@]}"
}

main "$@"
