// /v1/certificates, credit events, accreditations and inspectors: the certificate contract, one
// route per function (its random-inspection samples are in ./inspections.ts).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { HttpError } from '../../plugins/errors';
import { ERRORS, IdempotencyHeaders, PageSize, evaluate, submit, submitted } from './call';

// The chaincode re-checks every field (dictionaries, USCC check character, dates against its
// clock); these schemas refuse malformed shapes early, with the offending field named.
const CertNo = Type.String({ minLength: 4, maxLength: 64, pattern: '^[A-Z0-9/-]+$', description: 'capital letters, digits, / and -; URL-encode / in a path' });
const Uscc = Type.String({ minLength: 18, maxLength: 18, description: 'unified social credit code (GB 32100)' });
const MspId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
const Time = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$', description: 'ISO-8601 UTC, e.g. 2025-03-20T00:00:00Z' });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const EvidenceId = Type.String({ minLength: 3, maxLength: 300, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*:[A-Za-z0-9][A-Za-z0-9._:-]*$', description: '<MSP ID>:<clientRef> as evidence:anchor returned it' });
const EvidenceIds = (minItems: number) => Type.Array(EvidenceId, { minItems, maxItems: 100 });
const ScopeCodes = Type.Array(Type.Integer({ minimum: 1, maximum: 39 }), { minItems: 1, maxItems: 39, description: 'IAF scope codes' });
const SchemeValues = ['QMS', 'EMS', 'OHSMS', 'ISMS', 'ITSMS', 'EnMS', 'FSMS', 'HACCP', 'SERVICE', 'PRODUCT', 'OTHER'];
const Scheme = Type.Union(SchemeValues.map((s) => Type.Literal(s)));
const Status = Type.Union(['VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED', 'EXPIRED'].map((s) => Type.Literal(s)));

const IssueBody = Type.Object({
  certificateNo: CertNo,
  scheme: Scheme,
  standard: Type.String({ minLength: 1, maxLength: 256 }),
  organization: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 256 }),
    uscc: Uscc,
    address: Type.String({ minLength: 1, maxLength: 512 }),
    regionCode: Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 region code' }),
  }, { additionalProperties: false }),
  scope: Type.String({ minLength: 1, maxLength: 4000 }),
  scopeCodes: ScopeCodes,
  sectorCode: Type.String({ pattern: '^[A-T]?\\d{2,4}$', description: 'GB/T 4754-2017, e.g. C3411' }),
  issuedAt: Time,
  expiresAt: Time,
  decisionEvidenceId: EvidenceId,
  evidenceIds: Type.Optional(EvidenceIds(0)),
}, { additionalProperties: false });

export const Certificate = Type.Object({
  certificateNo: Type.String(),
  issuer: Type.String(),
  scheme: Type.String(),
  standard: Type.String(),
  organization: Type.Object({ name: Type.String(), uscc: Type.String(), address: Type.String(), regionCode: Type.String() }),
  scope: Type.String(),
  scopeCodes: Type.Array(Type.Integer()),
  sectorCode: Type.String(),
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  status: Status,
  statusReason: Type.String(),
  statusSince: Type.String(),
  suspendedUntil: Type.Optional(Type.String()),
  lastSurveillanceAt: Type.Optional(Type.String()),
  evidenceIds: Type.Array(Type.String()),
  transferredFrom: Type.Optional(Type.Object({ issuer: Type.String(), certificateNo: Type.String() })),
  scopeHistory: Type.Array(Type.Object({ scope: Type.String(), scopeCodes: Type.Array(Type.Integer()), at: Type.String(), reason: Type.String() })),
});

const CreditEventView = {
  id: Type.String(), uscc: Type.String(), type: Type.String(), severity: Type.String(), source: Type.String(), occurredAt: Type.String(), timestamp: Type.String(),
};

/** certificate:verify's answer: what a relying party (and the public page) sees. */
export const CertificateView = Type.Object({
  certificateNo: Type.String(),
  status: Status,
  statusReason: Type.String(),
  statusSince: Type.String(),
  suspendedUntil: Type.Optional(Type.String()),
  effectiveStatus: Status,
  pending: Type.Optional(Type.Object({ action: Type.String(), reason: Type.String() })),
  holder: Type.Object({ name: Type.String(), uscc: Type.String() }),
  scheme: Type.String(),
  standard: Type.String(),
  scope: Type.String(),
  scopeCodes: Type.Array(Type.Integer()),
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  lastSurveillanceAt: Type.Optional(Type.String()),
  issuer: Type.Object({
    mspId: Type.String(),
    name: Type.Optional(Type.String()),
    memberStatus: Type.Optional(Type.String()),
    accreditation: Type.Union([Type.Object({ state: Type.String(), since: Type.String(), recordedBy: Type.String() }), Type.Null()]),
  }),
  transferredFrom: Type.Optional(Type.Object({ issuer: Type.String(), certificateNo: Type.String() })),
  creditEvents: Type.Array(Type.Object(CreditEventView)),
  asOf: Type.String(),
});

const CreditEvent = Type.Object({ ...CreditEventView, recordedBy: Type.String(), txId: Type.String(), suspended: Type.Array(Type.String()) });
const Accreditation = Type.Object({ body: Type.String(), state: Type.String(), recordedBy: Type.String(), since: Type.String(), reason: Type.String() });
const TransferConsent = Type.Object({ certificateNo: Type.String(), issuer: Type.String(), acceptingBody: Type.String(), consentedBy: Type.String(), at: Type.String(), txId: Type.String() });
const Inspector = Type.Object({ inspectorId: Type.String(), name: Type.String(), registeredBy: Type.String(), registeredAt: Type.String(), txId: Type.String() });
const StatusChange = Type.Object({ certificateNo: Type.String(), issuer: Type.String(), from: Type.String(), to: Type.String(), reason: Type.String() });
const NoParams = Type.Object({ no: CertNo });
const RecordId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
// Query strings are not coerced (the app's Ajv has coerceTypes: false), so numbers in them are
// digit strings; the chaincode takes them as strings anyway.
const Paging = {
  pageSize: PageSize,
  bookmark: Type.String({ maxLength: 1024, default: '' }),
};
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });
const tags = ['certificates'];
const security = [{ apiKey: [] }];
const STATUS_CHANGED = 'certificate_status_changed';

type NoRequest = { params: unknown };
const noOf = (request: NoRequest): string => (request.params as { no: string }).no;

export default async function certificateRoutes(app: FastifyInstance): Promise<void> {
  app.post('/certificates', {
    schema: { tags, security, summary: 'Issue a certificate on a GRANT decision', headers: IdempotencyHeaders, body: IssueBody,
      response: { 201: submitted(Type.Object({ certificate: Certificate, warnings: Type.Array(Type.String()) })), ...ERRORS } },
  }, async (request, reply) => submit(app, request, reply, 'certificate', 'issue', [JSON.stringify(request.body)], { statusCode: 201, businessEvent: 'certificate_issued' }));

  app.post('/certificates/sweep', {
    schema: { tags, security, summary: 'Apply the time rules (expiry, unresolved suspension, overdue surveillance) to a page of certificates', headers: IdempotencyHeaders,
      body: body({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 200 }), bookmark: Type.String({ maxLength: 64, default: '', description: 'the bookmark the previous sweep returned; empty to start' }) }),
      response: { 200: submitted(Type.Object({ changed: Type.Array(StatusChange), scanned: Type.Integer(), bookmark: Type.String() })), ...ERRORS } },
  }, async (request, reply) => {
    const { limit, bookmark } = request.body as { limit: number; bookmark: string };
    return submit(app, request, reply, 'certificate', 'sweep', [String(limit), bookmark], { businessEvent: 'certificates_swept' });
  });

  app.post('/certificates/:no/suspend', {
    schema: { tags, security, summary: 'Suspend a VALID certificate (issuer only)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ reason: Reason, suspendedUntil: Time }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body as { reason: string; suspendedUntil: string };
    return submit(app, request, reply, 'certificate', 'suspend', [noOf(request), b.reason, b.suspendedUntil], { businessEvent: STATUS_CHANGED });
  });

  app.post('/certificates/:no/restore', {
    schema: { tags, security, summary: 'Restore a SUSPENDED certificate with the evidence that resolved the suspension', headers: IdempotencyHeaders, params: NoParams,
      body: body({ evidenceIds: EvidenceIds(1) }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(app, request, reply, 'certificate', 'restore', [noOf(request), JSON.stringify((request.body as { evidenceIds: string[] }).evidenceIds)], { businessEvent: STATUS_CHANGED }));

  app.post('/certificates/:no/withdraw', {
    schema: { tags, security, summary: 'Withdraw (revoke) a certificate', headers: IdempotencyHeaders, params: NoParams,
      body: body({ reason: Reason }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(app, request, reply, 'certificate', 'withdraw', [noOf(request), (request.body as { reason: string }).reason], { businessEvent: STATUS_CHANGED }));

  app.post('/certificates/:no/cancel', {
    schema: { tags, security, summary: 'Cancel a certificate (holder request, or transfer outside the consortium)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ reason: Type.Union([Type.Literal('HOLDER_REQUEST'), Type.Literal('TRANSFERRED')]), note: Type.Optional(Type.String({ maxLength: 2000, description: 'required for TRANSFERRED' })) }),
      response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body as { reason: string; note?: string };
    return submit(app, request, reply, 'certificate', 'cancel', [noOf(request), b.reason, b.note ?? ''], { businessEvent: STATUS_CHANGED });
  });

  // No body: expiry has no parameters besides the certificate (send no Content-Type, or {}).
  app.post('/certificates/:no/expire', {
    schema: { tags, security, summary: 'Expire a certificate whose expiresAt has been reached', headers: IdempotencyHeaders, params: NoParams, response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(app, request, reply, 'certificate', 'expire', [noOf(request)], { businessEvent: STATUS_CHANGED }));

  app.post('/certificates/:no/surveillance', {
    schema: { tags, security, summary: 'Record a surveillance or recertification audit', headers: IdempotencyHeaders, params: NoParams,
      body: body({ auditId: Type.String({ minLength: 1, maxLength: 128 }), evidenceIds: Type.Optional(EvidenceIds(0)) }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body as { auditId: string; evidenceIds?: string[] };
    return submit(app, request, reply, 'certificate', 'recordSurveillance', [noOf(request), b.auditId, JSON.stringify(b.evidenceIds ?? [])], { businessEvent: 'certificate_surveilled' });
  });

  app.post('/certificates/:no/scope', {
    schema: { tags, security, summary: 'Change the scope of a VALID certificate', headers: IdempotencyHeaders, params: NoParams,
      body: body({ scope: Type.String({ minLength: 1, maxLength: 4000 }), scopeCodes: ScopeCodes, reason: Reason }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body as { scope: string; scopeCodes: number[]; reason: string };
    return submit(app, request, reply, 'certificate', 'changeScope', [noOf(request), b.scope, JSON.stringify(b.scopeCodes), b.reason], { businessEvent: 'certificate_scope_changed' });
  });

  app.post('/certificates/:no/transfer-consent', {
    schema: { tags, security, summary: 'The issuer consents to move the certificate to one accepting body (IAF MD 2)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ acceptingBody: MspId }), response: { 201: submitted(TransferConsent), ...ERRORS } },
  }, async (request, reply) => submit(app, request, reply, 'certificate', 'consentToTransfer', [noOf(request), (request.body as { acceptingBody: string }).acceptingBody], { statusCode: 201, businessEvent: 'certificate_transfer_consented' }));

  app.post('/certificates/:no/transfer', {
    schema: { tags, security, summary: 'The accepting body takes the certificate over under a new number; the source is cancelled', headers: IdempotencyHeaders, params: NoParams,
      body: body({ newCertificateNo: CertNo, evidenceIds: EvidenceIds(1) }),
      response: { 201: submitted(Type.Object({ certificate: Certificate, source: Certificate, withoutConsent: Type.Boolean() })), ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body as { newCertificateNo: string; evidenceIds: string[] };
    return submit(app, request, reply, 'certificate', 'transfer', [noOf(request), b.newCertificateNo, JSON.stringify(b.evidenceIds)], { statusCode: 201, businessEvent: 'certificate_transferred' });
  });

  app.get('/certificates/:no', {
    schema: { tags, security, summary: 'The full certificate record', params: NoParams, response: { 200: Certificate, ...ERRORS } },
  }, async (request) => evaluate(app, request, 'certificate', 'get', [noOf(request)]));

  app.get('/certificates/:no/verify', {
    schema: { tags, security, summary: 'The verification view: effective status, holder, issuer and its accreditation, credit events; optionally as at a past moment', params: NoParams,
      querystring: Type.Object({ at: Type.Optional(Time) }, { additionalProperties: false }), response: { 200: CertificateView, ...ERRORS } },
  }, async (request) => evaluate(app, request, 'certificate', 'verify', [noOf(request), (request.query as { at?: string }).at ?? '']));

  app.get('/certificates', {
    schema: { tags, security, summary: 'Certificates of one organisation (uscc) or one issuing body (issuer), a page at a time',
      querystring: Type.Object({ uscc: Type.Optional(Uscc), issuer: Type.Optional(MspId), ...Paging }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Certificate), bookmark: Type.String() }), ...ERRORS } },
  }, async (request) => {
    const q = request.query as { uscc?: string; issuer?: string; pageSize: string; bookmark: string };
    if ((q.uscc === undefined) === (q.issuer === undefined)) throw new HttpError(400, 'querystring: give exactly one of uscc or issuer', 'INVALID_ARGUMENT');
    return q.uscc !== undefined
      ? evaluate(app, request, 'certificate', 'listByOrganization', [q.uscc, q.pageSize, q.bookmark])
      : evaluate(app, request, 'certificate', 'listByIssuer', [q.issuer as string, q.pageSize, q.bookmark]);
  });

  app.post('/credit-events', {
    schema: { tags: ['credit'], security, summary: 'The regulator records a credit event; SERIOUS suspends the organisation\'s VALID certificates', headers: IdempotencyHeaders,
      body: body({
        uscc: Uscc,
        type: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$' }),
        severity: Type.Union([Type.Literal('INFO'), Type.Literal('MINOR'), Type.Literal('SERIOUS')]),
        source: Type.String({ minLength: 1, maxLength: 512 }),
        occurredAt: Time,
      }),
      response: { 201: submitted(CreditEvent), ...ERRORS } },
  }, async (request, reply) => submit(app, request, reply, 'certificate', 'creditEvent', [JSON.stringify(request.body)], { statusCode: 201, businessEvent: 'credit_event_recorded' }));

  app.post('/accreditations', {
    schema: { tags: ['accreditation'], security, summary: 'An accreditation body records a certification body\'s accreditation state', headers: IdempotencyHeaders,
      body: body({ body: MspId, state: Type.Union([Type.Literal('ACCREDITED'), Type.Literal('SUSPENDED'), Type.Literal('WITHDRAWN')]), reason: Reason }),
      response: { 201: submitted(Accreditation), ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body as { body: string; state: string; reason: string };
    return submit(app, request, reply, 'certificate', 'recordAccreditation', [b.body, b.state, b.reason], { statusCode: 201, businessEvent: 'accreditation_changed' });
  });

  app.post('/inspectors', {
    schema: { tags: ['inspection'], security, summary: 'Add an inspector to the regulator\'s random-inspection pool', headers: IdempotencyHeaders,
      body: body({ inspectorId: RecordId, name: Type.String({ minLength: 1, maxLength: 2000 }) }), response: { 201: submitted(Inspector), ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body as { inspectorId: string; name: string };
    return submit(app, request, reply, 'certificate', 'registerInspector', [b.inspectorId, b.name], { statusCode: 201, businessEvent: 'inspector_registered' });
  });
  // the sample routes (/samples/...) are in ./inspections.ts
}
