// The three contracts on the real consortium: certificate lifecycle, credit events, who may write,
// 1,000-digest batches and the certification cycle — each refusal checked against the ledger.
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { usccCheckChar } from '../../chaincode/src/domain/uscc';
import { contractWriter, recordAuditFor } from './support/audits';
import { grantDecisionDirect } from './support/certificates';
import { expectRefused, requireNetwork, evaluateAs, heightsAgree, submitAs, withGateway, CHAINCODE, CHANNEL } from './support/network';

const DAY_MS = 86_400_000;
const run = randomUUID().slice(0, 8).toUpperCase();

// Organisations with valid USCC check characters (docs/domain.md §1.2 vectors).
const USCC_A = '91350100M000100Y43';
// The SERIOUS credit event below bars its organisation from new certificates until it is closed
// (docs/contracts.md §3.4 issue), so it is about an organisation of this run only: the run id is hex, and hex
// digits are valid USCC characters.
const USCC_B = ((first17: string) => first17 + usccCheckChar(first17))(`91350100MA${run.slice(0, 7)}`);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface Certificate {
  certificateNo: string;
  status: string;
  statusReason: string;
  issuer: string;
}


async function anchor(org: string, record: Record<string, unknown>): Promise<string> {
  return (await submitAs<{ id: string }>(org, 'recorder1', 'evidence:anchor', [JSON.stringify(record)])).result.id;
}

async function issue(org: string, certificateNo: string, uscc: string): Promise<Certificate> {
  // a decision on a recorded STAGE2 audit (support/audits.ts), one per certificate
  const decisionId = await grantDecisionDirect(org, `decision-AUD-${certificateNo}`, uscc);
  // issuedAt may not precede the decision
  const now = Date.now() + 1000;
  const input = {
    certificateNo,
    scheme: 'QMS',
    standard: 'GB/T 19001-2016/ISO 9001:2015',
    organization: { name: `Holder ${certificateNo}`, uscc, address: '福州市鼓楼区五四路 1 号', regionCode: '350102' },
    scope: 'Design and manufacture of industrial valves',
    scopeCodes: [17, 18],
    sectorCode: 'C3443',
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 1000 * DAY_MS).toISOString(),
    decisionEvidenceId: decisionId,
  };
  return (await submitAs<{ certificate: Certificate }>(org, 'issuer1', 'certificate:issue', [JSON.stringify(input)])).result.certificate;
}

async function certificate(no: string): Promise<Certificate> {
  return evaluateAs<Certificate>('regulator', 'reader1', 'certificate:get', [no]);
}

describe('contracts on the real consortium', function () {
  this.timeout(600_000);

  before(async function () {
    await requireNetwork(this);
  });

  it('takes a certificate through issue → suspend → restore → withdraw', async () => {
    const no = `00126Q1${run}R0M`.slice(0, 24);
    const issued = await issue('cb1', no, USCC_A);
    expect(issued.status).to.equal('VALID');
    const until = new Date(Date.now() + 30 * DAY_MS).toISOString();
    await submitAs('cb1', 'issuer1', 'certificate:suspend', [no, 'Serious nonconformity found at surveillance', until]);
    expect((await certificate(no)).status).to.equal('SUSPENDED');
    const evidenceId = await anchor('cb1', {
      clientRef: `resolution-${no}`,
      kind: 'SURVEILLANCE',
      subject: { certificateNo: no, uscc: USCC_A },
      digest: { alg: 'sha256', value: sha256(`resolution ${no}`) },
    });
    await submitAs('cb1', 'issuer1', 'certificate:restore', [no, JSON.stringify([evidenceId])]);
    expect((await certificate(no)).status).to.equal('VALID');
    await submitAs('cb1', 'issuer1', 'certificate:withdraw', [no, 'Organisation ceased operation']);
    const withdrawn = await certificate(no);
    expect(withdrawn.status).to.equal('WITHDRAWN');
    const view = await evaluateAs<{ status: string }>('cb2', 'reader1', 'certificate:verify', [no, '']);
    expect(view.status).to.equal('WITHDRAWN');
  });

  it('suspends both VALID certificates of an organisation on one SERIOUS credit event', async () => {
    const first = await issue('cb1', `00126Q2${run}R0M`.slice(0, 24), USCC_B);
    const second = await issue('cb2', `03426Q3${run}R0M`.slice(0, 24), USCC_B);
    const { result, txId } = await submitAs<{ suspended?: string[]; event?: { suspended: string[] } }>('regulator', 'regulator1', 'certificate:creditEvent', [JSON.stringify({
      uscc: USCC_B,
      type: 'ADMINISTRATIVE_PENALTY',
      severity: 'SERIOUS',
      source: `SAMR decision ${run}`,
      occurredAt: new Date(Date.now() - DAY_MS).toISOString(),
    })]);
    const suspended = result.suspended ?? result.event?.suspended ?? [];
    expect(suspended).to.include.members([first.certificateNo, second.certificateNo]);
    expect(txId).to.be.a('string');
    for (const no of [first.certificateNo, second.certificateNo]) {
      const cert = await certificate(no);
      expect(cert.status, no).to.equal('SUSPENDED');
    }
  });

  it("refuses cb2 changing cb1's certificate and a reader writing, and changes nothing", async () => {
    const no = `00126Q4${run}R0M`.slice(0, 24);
    await issue('cb1', no, USCC_A);
    const before = await certificate(no);
    await expectRefused('FORBIDDEN', () => submitAs('cb2', 'issuer1', 'certificate:withdraw', [no, 'not ours to withdraw']));
    expect(await certificate(no)).to.deep.equal(before);

    const ref = `reader-${run}`;
    await expectRefused('FORBIDDEN', () => submitAs('cb1', 'reader1', 'evidence:anchor', [JSON.stringify({
      clientRef: ref, kind: 'OTHER', subject: { uscc: USCC_A }, digest: { alg: 'sha256', value: sha256(ref) },
    })]));
    await expectRefused('NOT_FOUND', () => evaluateAs('cb1', 'reader1', 'evidence:get', [`Cb1MSP:${ref}`]));
  });

  it('anchors 1,000 digests in one transaction and finds every one by verifyDigest', async () => {
    const digests = Array.from({ length: 1000 }, (_, i) => sha256(`photo ${run} ${i}`));
    const { result } = await submitAs<{ batch: { id: string; root: string; count: number } }>('cb1', 'recorder1', 'evidence:anchorBatch', [
      JSON.stringify({ clientRef: `batch-${run}`, alg: 'sha256', digests, kind: 'STAGE2_AUDIT', subject: { uscc: USCC_A } }),
    ]);
    expect(result.batch.count).to.equal(1000);
    // Read through another member's peer once every peer has committed the batch's block.
    await heightsAgree();
    await withGateway('cb2', 'reader1', async (gateway) => {
      const contract = gateway.getNetwork(CHANNEL).getContract(CHAINCODE, 'evidence');
      for (const [index, digest] of digests.entries()) {
        const match = JSON.parse(Buffer.from(await contract.evaluateTransaction('verifyDigest', 'sha256', digest)).toString()) as {
          batches: { batchId: string; index: number; root: string }[];
        };
        expect(match.batches, `digest ${index}`).to.have.length(1);
        expect(match.batches[0]).to.include({ batchId: result.batch.id, index, root: result.batch.root });
      }
    });
  });

  it('refuses a certification decision while a MAJOR nonconformity is open and accepts it once corrected', async () => {
    const auditId = await recordAuditFor(contractWriter('cb1'), `AUD-NC-${run}`, USCC_A);
    const nc = await anchor('cb1', {
      clientRef: `nc-${run}`, kind: 'NONCONFORMITY', severity: 'MAJOR', subject: { uscc: USCC_A, auditId },
      digest: { alg: 'sha256', value: sha256(`nc ${run}`) },
    });
    const decisionRecord = {
      clientRef: `decision-nc-${run}`, kind: 'CERTIFICATION_DECISION', decision: 'GRANT', subject: { uscc: USCC_A, auditId },
      digest: { alg: 'sha256', value: sha256(`decision nc ${run}`) },
    };
    await expectRefused('PRECONDITION_FAILED', () => anchor('cb1', decisionRecord));
    await expectRefused('NOT_FOUND', () => evaluateAs('cb1', 'reader1', 'evidence:get', [`Cb1MSP:${decisionRecord.clientRef}`]));
    await anchor('cb1', {
      clientRef: `ca-${run}`, kind: 'CORRECTIVE_ACTION', closes: nc, subject: { uscc: USCC_A, auditId },
      digest: { alg: 'sha256', value: sha256(`ca ${run}`) },
    });
    const id = await anchor('cb1', decisionRecord);
    expect(id).to.equal(`Cb1MSP:${decisionRecord.clientRef}`);
  });
});
