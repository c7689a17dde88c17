#!/usr/bin/env bash
# What the operator commands that change the consortium load: the member library (topology,
# processes, CA, nodes, chaincode), the channel config updates passed between members, and the
# procedures that check the on-chain rules first (docs/operations.md).
# shellcheck source=scripts/lib/member.sh
source "${ROOT_DIR}/scripts/lib/member.sh"
# shellcheck source=scripts/lib/updates.sh
source "${ROOT_DIR}/scripts/lib/updates.sh"
# shellcheck source=scripts/lib/procedures.sh
source "${ROOT_DIR}/scripts/lib/procedures.sh"
