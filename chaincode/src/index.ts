// The chaincode's only entry point: the typed list of contracts the peer loads.
import type { Contract } from 'fabric-contract-api';
import { CertificateContract } from './certificate/contract';
import { EvidenceContract } from './evidence/contract';
import { MembershipContract } from './membership/contract';
import { dropDisabledLogLinesEarly, parseShimCertificatesOnce } from './shared/shim-tuning';

dropDisabledLogLinesEarly();
parseShimCertificatesOnce();

export { EvidenceContract, MembershipContract };

export const contracts: (typeof Contract)[] = [EvidenceContract, CertificateContract, MembershipContract];
