// The chaincode's only entry point: the typed list of contracts the peer loads.
import type { Contract } from 'fabric-contract-api';
import { CertificateContract } from './certificate/contract';
import { EvidenceContract } from './evidence/contract';
import { InspectionContract } from './inspection/contract';
import { MembershipContract } from './membership/contract';
import { runningCodeDigest } from './shared/code-digest';
import { dropDisabledLogLinesEarly, parseShimCertificatesOnce } from './shared/shim-tuning';

dropDisabledLogLinesEarly();
parseShimCertificatesOnce();

// A chaincode server started by the operator scripts reports, when it starts, the digest of the
// build it runs: the upgrade script approves a definition only for the digest its own server
// reports (docs/operations.md "Upgrade the chaincode"; docs/contracts.md §6 rule 6).
if (process.env.CERTLEDGER_REPORT_CODE_DIGEST === '1') {
  const running = runningCodeDigest();
  process.stderr.write(running.available
    ? `certledger chaincode code digest ${running.digest} (${running.files} files)\n`
    : `certledger chaincode code digest unavailable: ${running.reason}\n`);
}

export { EvidenceContract, MembershipContract };

export const contracts: (typeof Contract)[] = [EvidenceContract, CertificateContract, InspectionContract, MembershipContract];
