// The member's typed clients of the four contracts, over one Fabric service.
import { Certificates } from './certificates';
import type { FabricCalls } from './client';
import { Evidence } from './evidence';
import { Inspection } from './inspection';
import { Membership } from './membership';

export interface Contracts {
  readonly certificates: Certificates;
  readonly evidence: Evidence;
  readonly inspection: Inspection;
  readonly membership: Membership;
}

export function contractsOver(fabric: FabricCalls): Contracts {
  return {
    certificates: new Certificates(fabric),
    evidence: new Evidence(fabric),
    inspection: new Inspection(fabric),
    membership: new Membership(fabric),
  };
}

export { Certificates, Evidence, Inspection, Membership };
export type { FabricCalls, Submitted } from './client';
