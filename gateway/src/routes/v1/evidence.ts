// /v1/evidence, /v1/audits and /v1/auditors: anchoring, batches, verification by digest, the
// certification cycle, audits and the auditor registers — the evidence contract, one route per function.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ERRORS, IdempotencyHeaders, PageSize, evaluate, submit, submitted } from './call';
import { Alg, Digest, Hex64, Scheme, ScopeCodes } from '../../schemas/values';
import { buildMerkleTree } from '../../../../chaincode/src/domain/merkle';

/** docs/contracts.md: private content is at most 4 MiB (the chaincode refuses more). */
export const PRIVATE_CONTENT_MAX_BYTES = 4 * 1024 * 1024;
/** The anchor route's body limit: 4 MiB base64-encoded, and room for the rest of the record. */
export const PRIVATE_CONTENT_BODY_LIMIT = Math.ceil(PRIVATE_CONTENT_MAX_BYTES / 3) * 4 + 256 * 1024;

export { Digest };
const Subject = Type.Object({
  uscc: Type.Optional(Type.String({ minLength: 12, maxLength: 140, description: 'USCC, or FOREIGN:<country>:<registrationNo>' })),
  certificateNo: Type.Optional(Type.String({ minLength: 4, maxLength: 64 })),
  auditId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
}, { additionalProperties: false });
const Kind = Type.String({ pattern: '^[A-Z0-9_]+$', description: 'the key activity (docs/architecture.md §1), e.g. AUDIT_REPORT, NONCONFORMITY, CERTIFICATION_DECISION, OTHER' });

const AnchorBody = Type.Object({
  clientRef: Type.String({ minLength: 1, maxLength: 128, description: 'your reference: a retry with the same one returns the same record' }),
  kind: Kind,
  subject: Type.Optional(Subject),
  digest: Digest,
  form: Type.Optional(Type.Union([Type.Literal('digest'), Type.Literal('plaintext'), Type.Literal('private')])),
  content: Type.Optional(Type.String({ maxLength: 16384, description: 'plaintext form only' })),
  privateContentBase64: Type.Optional(Type.String({ maxLength: Math.ceil(PRIVATE_CONTENT_MAX_BYTES / 3) * 4, description: 'private form only: goes to the private data collection, never on the channel' })),
  uri: Type.Optional(Type.String({ maxLength: 2048 })),
  supersedes: Type.Optional(Type.String({ maxLength: 400 })),
  severity: Type.Optional(Type.Union([Type.Literal('MAJOR'), Type.Literal('MINOR')])),
  closes: Type.Optional(Type.String({ maxLength: 400 })),
  decision: Type.Optional(Type.Union([Type.Literal('GRANT'), Type.Literal('REFUSE')])),
}, { additionalProperties: false });

export const EvidenceRecord = Type.Object({
  id: Type.String(),
  clientRef: Type.String(),
  kind: Type.String(),
  subject: Subject,
  digest: Digest,
  form: Type.String(),
  content: Type.Optional(Type.String()),
  uri: Type.Optional(Type.String()),
  supersedes: Type.Optional(Type.String()),
  supersededBy: Type.Optional(Type.String()),
  severity: Type.Optional(Type.String()),
  closes: Type.Optional(Type.String()),
  decision: Type.Optional(Type.String()),
  submitter: Type.Object({ mspId: Type.String(), subject: Type.String(), fingerprint: Type.String() }),
  txId: Type.String(),
  timestamp: Type.String(),
  takedown: Type.Optional(Type.Object({
    reason: Type.String(), approvedBy: Type.String(), at: Type.String(), txId: Type.String(),
    requestedBy: Type.Optional(Type.String()), requestReason: Type.Optional(Type.String()),
  }, { description: 'the regulator took the content down [BSC 6.2c]: it is gone from every read path, the digest stays' })),
});
const TakedownRequest = Type.Object({
  id: Type.String(), reason: Type.String(), requestedBy: Type.String(), requestedAt: Type.String(), requestTxId: Type.String(),
  status: Type.Union([Type.Literal('REQUESTED'), Type.Literal('APPROVED'), Type.Literal('REJECTED')]),
  decidedBy: Type.Optional(Type.String()), decisionReason: Type.Optional(Type.String()), decidedAt: Type.Optional(Type.String()), decisionTxId: Type.Optional(Type.String()),
});
const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

const ProofStep = Type.Object({ side: Type.Union([Type.Literal('L'), Type.Literal('R')]), hash: Hex64 });
const BatchBody = Type.Object({
  clientRef: Type.String({ minLength: 1, maxLength: 128 }),
  alg: Alg,
  digests: Type.Array(Hex64, { minItems: 1, maxItems: 1000 }),
  indexed: Type.Optional(Type.Boolean({ description: 'false: a root-only batch, items verified with their proofs' })),
  kind: Type.Optional(Kind),
  subject: Type.Optional(Subject),
  uri: Type.Optional(Type.String({ maxLength: 2048 })),
}, { additionalProperties: false });
const Batch = Type.Object({
  id: Type.String(), clientRef: Type.String(), alg: Type.String(), root: Hex64, count: Type.Integer(), indexed: Type.Boolean(),
  kind: Type.String(), subject: Subject, uri: Type.Optional(Type.String()),
  submitter: Type.Object({ mspId: Type.String(), subject: Type.String(), fingerprint: Type.String() }), txId: Type.String(), timestamp: Type.String(),
  digests: Type.Optional(Type.Array(Hex64)),
});
export const DigestMatch = Type.Object({
  records: Type.Array(EvidenceRecord),
  batches: Type.Array(Type.Object({
    batchId: Type.String(), index: Type.Integer(), root: Hex64, proof: Type.Array(ProofStep),
    submitter: Type.Object({ mspId: Type.String(), subject: Type.String(), fingerprint: Type.String() }), txId: Type.String(), timestamp: Type.String(),
  })),
});
const RegistrationNo = Type.String({ minLength: 6, maxLength: 64, pattern: '^[0-9A-Z][0-9A-Z-]*[0-9A-Z]$', description: 'CCAA registration number, e.g. 2019-N1QMS-1234567' });
const AuditorLevel = Type.Union(['TRAINEE', 'AUDITOR', 'SENIOR'].map((l) => Type.Literal(l)), { description: '实习审核员 / 审核员 / 高级审核员' });
const AuditBody = Type.Object({
  auditId: Type.String({ minLength: 1, maxLength: 128 }),
  type: Type.Union(['STAGE1', 'STAGE2', 'SURVEILLANCE', 'RECERTIFICATION', 'TRANSFER', 'SPECIAL'].map((t) => Type.Literal(t))),
  scheme: Scheme,
  uscc: Type.String({ minLength: 12, maxLength: 140, description: 'USCC, or FOREIGN:<country>:<registrationNo>' }),
  certificateNo: Type.Optional(Type.String({ minLength: 4, maxLength: 64 })),
  startDate: Type.String({ format: 'date' }),
  endDate: Type.String({ format: 'date', description: 'not after today (Asia/Shanghai): an audit is recorded once it took place' }),
  mode: Type.Union([Type.Literal('ON_SITE'), Type.Literal('REMOTE')]),
  scopeCodes: ScopeCodes,
  auditors: Type.Array(Type.Object({
    registrationNo: RegistrationNo,
    manDays: Type.Number({ minimum: 0.5, maximum: 365, multipleOf: 0.5, description: 'this auditor\'s man-days, at most one per calendar day of the audit' }),
    role: Type.Optional(Type.Union([Type.Literal('LEADER'), Type.Literal('MEMBER')])),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 50, description: 'registered, ACTIVE auditors of the recording body' }),
}, { additionalProperties: false });
const Assignment = Type.Object({ registrationNo: Type.String(), manDays: Type.Number(), role: Type.String() });
const Audit = Type.Object({
  auditId: Type.String(), type: Type.String(), scheme: Type.String(), uscc: Type.String(), certificateNo: Type.Optional(Type.String()), startDate: Type.String(), endDate: Type.String(),
  mode: Type.String(), scopeCodes: Type.Array(Type.Integer()), manDays: Type.Number(), auditors: Type.Array(Assignment), body: Type.String(), txId: Type.String(), timestamp: Type.String(),
});
const AuditorVersion = Type.Object({
  at: Type.String(), txId: Type.String(), body: Type.String(), name: Type.String(), level: Type.String(), scopeCodes: Type.Array(Type.Integer()), status: Type.String(), reason: Type.String(),
});
const Auditor = Type.Object({
  registrationNo: Type.String(), body: Type.String(), name: Type.String(), level: Type.String(), scopeCodes: Type.Array(Type.Integer()), status: Type.String(),
  registeredAt: Type.String(), updatedAt: Type.String(), txId: Type.String(), history: Type.Array(AuditorVersion),
});
const AuditorParams = Type.Object({ no: RegistrationNo });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 400 }) });
const Paging = {
  pageSize: PageSize,
  bookmark: Type.String({ maxLength: 1024, default: '' }),
};
const tags = ['evidence'];
const security = [{ apiKey: [] }];

export default async function evidenceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/evidence', {
    // the documented 4 MiB of private content travels base64-encoded: 4/3 of it, plus the record
    bodyLimit: PRIVATE_CONTENT_BODY_LIMIT,
    schema: { tags, security, summary: 'Anchor one evidence record',
      description: `Private content (privateContentBase64) is at most 4 MiB decoded; this route takes bodies up to ${PRIVATE_CONTENT_BODY_LIMIT} bytes, every other route the gateway's BODY_LIMIT_BYTES (1 MiB by default).`, headers: IdempotencyHeaders, body: AnchorBody, response: { 201: submitted(EvidenceRecord), ...ERRORS } },
  }, async (request, reply) => {
    const { privateContentBase64, ...record } = request.body;
    const privateContent = privateContentBase64 === undefined ? undefined : Buffer.from(privateContentBase64, 'base64');
    return submit(request, reply, (c, me) => c.evidence.anchor(me, record, privateContent), {
      statusCode: 201,
      businessEvent: 'evidence_anchored',
      // the caller sent the content: the answer (kept for Idempotency-Key retries) does not echo it,
      // so no copy of content the regulator may later take down lingers on the gateway's disk
      present: (result) => {
        const { content: _content, ...rest } = result;
        return rest;
      },
    });
  });

  app.post('/evidence/batches', {
    schema: { tags, security, summary: 'Anchor up to 1,000 digests under one Merkle root', headers: IdempotencyHeaders, body: BatchBody,
      response: { 201: submitted(Type.Object({ batch: Batch, proofs: Type.Array(Type.Array(ProofStep)) })), ...ERRORS } },
  }, async (request, reply) => {
    const body = request.body;
    return submit(request, reply, (c, me) => c.evidence.anchorBatch(me, body), {
      statusCode: 201,
      businessEvent: 'evidence_batch_anchored',
      // The chaincode answers the batch only (proofs in its answer would enter the ledger); the
      // proofs are a pure function of the digests sent, checked against the committed root.
      present: (result) => {
        const { batch } = result;
        const tree = buildMerkleTree(batch.alg, body.digests);
        if (tree.root !== batch.root) throw new Error(`the committed batch root ${batch.root} is not the root of the digests sent (${tree.root})`);
        return { batch, proofs: tree.proofs };
      },
    });
  });

  app.get('/evidence/batches/:id', {
    schema: { tags, security, summary: 'A batch with its digests', params: IdParams, response: { 200: Batch, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.getBatch(me, request.params.id)));

  app.post('/evidence/batches/:id/verify-item', {
    schema: { tags, security, summary: 'Check an item of a batch with its inclusion proof', params: IdParams,
      body: Type.Object({ digest: Hex64, proof: Type.Array(ProofStep, { maxItems: 64 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ included: Type.Boolean(), batch: Batch }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.verifyBatchItem(me, request.params.id, request.body)));

  app.post('/evidence/verify', {
    schema: { tags, security, summary: 'Every record and batch item holding a digest', body: Digest, response: { 200: DigestMatch, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.verifyDigest(me, request.body)));

  app.get('/evidence', {
    schema: { tags, security, summary: 'Records about one organisation, certificate or audit',
      querystring: Type.Object({ field: Type.Union([Type.Literal('uscc'), Type.Literal('certificateNo'), Type.Literal('auditId')]), value: Type.String({ minLength: 1, maxLength: 128 }), ...Paging }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(EvidenceRecord), bookmark: Type.String() }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.listBySubject(me, request.query)));

  app.get('/evidence/:id', {
    schema: { tags, security, summary: 'One evidence record', params: IdParams, response: { 200: EvidenceRecord, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.get(me, request.params.id)));

  app.get('/evidence/:id/history', {
    schema: { tags, security, summary: 'The correction chain and ledger versions of a record', params: IdParams,
      response: { 200: Type.Object({ chain: Type.Array(EvidenceRecord), versions: Type.Array(Type.Object({ txId: Type.String(), timestamp: Type.String(), deleted: Type.Boolean() })) }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.history(me, request.params.id)));

  app.get('/evidence/:id/private-content', {
    schema: { tags, security, summary: 'The private content (submitting body and regulator only)', params: IdParams,
      response: { 200: Type.Object({ id: Type.String(), digest: Digest, content: Type.String({ description: 'base64' }) }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.getPrivateContent(me, request.params.id)));

  // Takedown of unlawful content [BSC 6.2c]: the submitter asks, the regulator decides (or acts directly).
  app.post('/evidence/:id/takedown-request', {
    schema: { tags, security, summary: 'The submitter asks the regulator to take a record\'s content down', headers: IdempotencyHeaders, params: IdParams, body: ReasonBody,
      response: { 201: submitted(TakedownRequest), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.evidence.requestTakedown(me, request.params.id, request.body.reason), { statusCode: 201, businessEvent: 'takedown_requested' }));

  app.post('/evidence/:id/takedown', {
    schema: { tags, security, summary: 'The regulator takes a record\'s content down (approving a request, or on its own finding); private content is purged, the digest stays', headers: IdempotencyHeaders, params: IdParams, body: ReasonBody,
      response: { 200: submitted(EvidenceRecord), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.evidence.approveTakedown(me, request.params.id, request.body.reason), { businessEvent: 'evidence_taken_down' }));

  app.post('/evidence/:id/takedown-rejection', {
    schema: { tags, security, summary: 'The regulator rejects a pending takedown request', headers: IdempotencyHeaders, params: IdParams, body: ReasonBody,
      response: { 200: submitted(TakedownRequest), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.evidence.rejectTakedown(me, request.params.id, request.body.reason), { businessEvent: 'takedown_rejected' }));

  app.post('/audits', {
    schema: { tags: ['audits'], security, summary: 'Record an audit; checks auditor overlaps and workload', headers: IdempotencyHeaders, body: AuditBody,
      response: { 201: submitted(Type.Object({ audit: Audit, workloadExceeded: Type.Array(Type.Object({ auditor: Type.String(), manDays: Type.Number() })) })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.evidence.recordAudit(me, request.body), { statusCode: 201, businessEvent: 'audit_recorded' }));

  app.get('/audits/:id', {
    schema: { tags: ['audits'], security, summary: 'One audit', params: IdParams, response: { 200: Audit, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.getAudit(me, request.params.id)));

  app.post('/auditors', {
    schema: { tags: ['auditors'], security, summary: 'Register an auditor (ACTIVE) in the caller\'s body\'s register, with level and competence', headers: IdempotencyHeaders,
      body: Type.Object({ registrationNo: RegistrationNo, name: Type.String({ minLength: 1, maxLength: 128 }), level: AuditorLevel, scopeCodes: ScopeCodes }, { additionalProperties: false }),
      response: { 201: submitted(Type.Object({ auditor: Auditor, warnings: Type.Array(Type.String()) })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.evidence.registerAuditor(me, request.body), { statusCode: 201, businessEvent: 'auditor_registered' }));

  app.post('/auditors/:no/changes', {
    schema: { tags: ['auditors'], security, summary: 'Change an auditor\'s name, level, competence or status (ACTIVE/INACTIVE), with a reason; the old version stays in history', headers: IdempotencyHeaders, params: AuditorParams,
      body: Type.Object({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })), level: Type.Optional(AuditorLevel), scopeCodes: Type.Optional(ScopeCodes),
        status: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')])), reason: Type.String({ minLength: 1, maxLength: 2000 }),
      }, { additionalProperties: false }),
      response: { 200: submitted(Auditor), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.evidence.updateAuditor(me, request.params.no, request.body), { businessEvent: 'auditor_updated' }));

  app.get('/auditors/:no', {
    schema: { tags: ['auditors'], security, summary: 'One auditor\'s record with its history', params: AuditorParams, response: { 200: Auditor, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.getAuditor(me, request.params.no)));

  app.get('/auditors', {
    schema: { tags: ['auditors'], security, summary: 'One body\'s auditor register, a page at a time',
      querystring: Type.Object({ body: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }), ...Paging }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Auditor), bookmark: Type.String() }), ...ERRORS } },
  }, async (request, reply) => {
    const { body, ...page } = request.query;
    return evaluate(request, reply, (c, me) => c.evidence.listAuditors(me, body, page));
  });

  app.get('/audits/:id/open-nonconformities', {
    schema: { tags: ['audits'], security, summary: 'Nonconformities of an audit no corrective action has closed', params: IdParams,
      response: { 200: Type.Array(Type.Object({ id: Type.String(), severity: Type.Optional(Type.String()) })), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.evidence.openNonconformities(me, request.params.id)));
}
