// /v1/certificates, credit events and accreditations: the certificate contract, one route per
// function; and /v1/inspectors, the inspection contract's pool (its samples are in ./inspections.ts;
// the route stays here so the API document keeps its order).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { HttpError } from '../../plugins/errors';
import { EmptyBody, ERRORS, IdempotencyHeaders, PageSize, evaluate, submit, submitted, submittedIfChanged } from './call';
import { CertificateStatus, EvidenceId, MspId, RecordId, Scheme, ScopeCodes, Time, certificateNo } from '../../schemas/values';

// The chaincode re-checks every field (dictionaries, USCC check character, dates against its
// clock); these schemas refuse malformed shapes early, with the offending field named.
const CertNo = certificateNo('capital letters, digits, / and -; URL-encode / in a path');
const Uscc = Type.String({ minLength: 18, maxLength: 18, description: 'unified social credit code (GB 32100)' });
// An organisation: its USCC, or FOREIGN:<country>:<registrationNo> for one without a USCC.
const OrgKey = Type.String({ minLength: 12, maxLength: 140, description: 'USCC, or FOREIGN:<GB/T 2659.1 country>:<registration number> for an organisation without one' });
const RegionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 region code' });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
/** A status reason: a code of docs/domain.md §4.4 (with an optional note), or — an issuer only — free text. */
const StatusReason = Type.Union([
  Type.String({ minLength: 1, maxLength: 2000, description: 'a reason code ("0111"), a code and a note ("0111 体系不满足要求"), or free text (an issuer only)' }),
  Type.Object({
    code: Type.String({ pattern: '^\\d{4}$', description: 'suspension 0111–0199, withdrawal 0101–0199 (docs/domain.md §4.4)' }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  }, { additionalProperties: false }),
], { description: 'the regulator must give a code' });
const CreditEventId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description: 'the id certificate:creditEvent returned' });
const CreditSeverity = Type.Union([Type.Literal('INFO'), Type.Literal('MINOR'), Type.Literal('SERIOUS')]);
const CreditType = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$' });
const EvidenceIds = (minItems: number) => Type.Array(EvidenceId, { minItems, maxItems: 100 });
const Status = CertificateStatus;

const IssueBody = Type.Object({
  certificateNo: CertNo,
  scheme: Scheme,
  standard: Type.String({ minLength: 1, maxLength: 256, description: 'a standard code of the scheme, e.g. GB/T 19001-2016/ISO 9001:2015 (docs/contracts.md §1.8)' }),
  organization: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 256 }),
    uscc: Type.Optional(Uscc),
    country: Type.Optional(Type.String({ minLength: 2, maxLength: 2, description: 'without a USCC: GB/T 2659.1 (ISO 3166-1 alpha-2) country of registration' })),
    registrationNo: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'without a USCC: the registration number in that country' })),
    address: Type.String({ minLength: 1, maxLength: 512 }),
    regionCode: Type.Optional(RegionCode),
  }, { additionalProperties: false, description: 'give uscc and regionCode, or (an organisation without a USCC) country and registrationNo' }),
  scope: Type.String({ minLength: 1, maxLength: 4000 }),
  scopeCodes: ScopeCodes,
  sectorCode: Type.String({ pattern: '^[A-T]?\\d{2,4}$', description: 'GB/T 4754-2017, e.g. C3411' }),
  issuedAt: Time,
  expiresAt: Time,
  decisionEvidenceId: EvidenceId,
  evidenceIds: Type.Optional(EvidenceIds(0)),
}, { additionalProperties: false });

const Organization = Type.Object({
  name: Type.String(), uscc: Type.Optional(Type.String()), country: Type.Optional(Type.String()), registrationNo: Type.Optional(Type.String()),
  address: Type.String(), regionCode: Type.Optional(Type.String()),
});

export const Certificate = Type.Object({
  certificateNo: Type.String(),
  issuer: Type.String(),
  scheme: Type.String(),
  standard: Type.String(),
  organization: Organization,
  scope: Type.String(),
  scopeCodes: Type.Array(Type.Integer()),
  sectorCode: Type.String(),
  issuedAt: Type.String(),
  expiresAt: Type.String(),
  status: Status,
  statusReason: Type.String(),
  statusSince: Type.String(),
  suspendedUntil: Type.Optional(Type.String()),
  suspensions: Type.Optional(Type.Array(Type.Object({ from: Type.String(), until: Type.String(), endedAt: Type.Optional(Type.String()) }), { description: 'the suspensions of the certification cycle, oldest first' })),
  lastSurveillanceAt: Type.Optional(Type.String()),
  evidenceIds: Type.Array(Type.String()),
  transferredFrom: Type.Optional(Type.Object({ issuer: Type.String(), certificateNo: Type.String() })),
  scopeHistory: Type.Array(Type.Object({ scope: Type.String(), scopeCodes: Type.Array(Type.Integer()), at: Type.String(), reason: Type.String() })),
  organizationHistory: Type.Optional(Type.Array(Type.Object({ previous: Organization, at: Type.String(), reasonCode: Type.String(), reason: Type.String() }))),
  statusReasonCode: Type.Optional(Type.String()),
  suspendedBy: Type.Optional(Type.Object({ authority: Type.String(), mspId: Type.String(), creditEventId: Type.Optional(Type.String()) })),
  cycle: Type.Optional(Type.Integer({ description: '0 for the initial cycle, n after the n-th recertification' })),
  previousCycle: Type.Optional(Type.Object({ certificateNo: Type.String(), cycle: Type.Integer(), issuedAt: Type.String(), expiresAt: Type.String(), surveillances: Type.Integer() })),
  surveillances: Type.Optional(Type.Array(Type.Object({ auditId: Type.String(), startDate: Type.String(), endDate: Type.String(), recordedAt: Type.String() }))),
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
  holder: Type.Object({ name: Type.String(), uscc: Type.Optional(Type.String()), country: Type.Optional(Type.String()), registrationNo: Type.Optional(Type.String()) }),
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
  creditEvents: Type.Array(Type.Object({ ...CreditEventView, status: Type.Optional(Type.String()), closedAt: Type.Optional(Type.String()) })),
  asOf: Type.String(),
});

const CreditEventLift = {
  restored: Type.Array(Type.String()),
  movedTo: Type.Array(Type.Object({ certificateNo: Type.String(), creditEventId: Type.String() })),
  leftForSweep: Type.Array(Type.String()),
};
const CreditEvent = Type.Object({
  ...CreditEventView,
  recordedBy: Type.String(),
  txId: Type.String(),
  suspended: Type.Array(Type.String()),
  status: Type.Optional(Type.String()),
  closed: Type.Optional(Type.Object({ at: Type.String(), by: Type.String(), note: Type.String(), txId: Type.String(), ...CreditEventLift })),
  revisions: Type.Optional(Type.Array(Type.Object({
    previous: Type.Object({ type: Type.String(), severity: Type.String(), source: Type.String() }),
    note: Type.String(), revisedAt: Type.String(), revisedBy: Type.String(), txId: Type.String(), suspended: Type.Array(Type.String()), ...CreditEventLift,
  }))),
});
const CreditEventParams = Type.Object({ uscc: OrgKey, id: CreditEventId });
const Accreditation = Type.Object({ body: Type.String(), state: Type.String(), recordedBy: Type.String(), since: Type.String(), reason: Type.String() });
const TransferConsent = Type.Object({ certificateNo: Type.String(), issuer: Type.String(), acceptingBody: Type.String(), consentedBy: Type.String(), at: Type.String(), txId: Type.String() });
const Inspector = Type.Object({ inspectorId: Type.String(), name: Type.String(), registeredBy: Type.String(), registeredAt: Type.String(), txId: Type.String() });
const StatusChange = Type.Object({ certificateNo: Type.String(), issuer: Type.String(), from: Type.String(), to: Type.String(), reason: Type.String() });
const NoParams = Type.Object({ no: CertNo });
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
/** The certificate a status route answers with has moved to its status. */
const newStatus = (certificate: { status: string }): string[] => [certificate.status];
const STATUS_ROUTE = { businessEvent: STATUS_CHANGED, statusChanges: newStatus } as const;

export default async function certificateRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/certificates', {
    schema: { tags, security, summary: 'Issue a certificate on a GRANT decision', headers: IdempotencyHeaders, body: IssueBody,
      response: { 201: submitted(Type.Object({ certificate: Certificate, warnings: Type.Array(Type.String()) })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.issue(me, request.body), { statusCode: 201, businessEvent: 'certificate_issued' }));

  app.post('/certificates/sweep', {
    schema: { tags, security, summary: 'Apply the time rules (expiry, unresolved suspension, overdue surveillance) to a page of certificates',
      description: 'A page with nothing due commits no transaction: the answer then has no txId and no blockNumber.', headers: IdempotencyHeaders,
      body: body({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 200 }), bookmark: Type.String({ maxLength: 64, default: '', description: 'the bookmark the previous sweep returned; empty to start' }) }),
      response: { 200: submittedIfChanged(Type.Object({ changed: Type.Array(StatusChange), scanned: Type.Integer(), bookmark: Type.String() })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.sweep(me, request.body), {
    businessEvent: 'certificates_swept',
    // a page with nothing due is answered from an evaluation: no transaction for no change
    onlyIfChanged: { preview: (c, me) => c.certificates.previewSweep(me, request.body), changes: (page) => page.changed.length > 0 },
    statusChanges: (answer) => answer.changed.map((change) => change.to),
  }));

  app.post('/certificates/:no/suspend', {
    schema: { tags, security, summary: 'Suspend a VALID certificate: its issuer, or the regulator (any certificate, with a reason code)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ reason: StatusReason, suspendedUntil: Time }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.suspend(me, request.params.no, { reason: request.body.reason, until: request.body.suspendedUntil }), STATUS_ROUTE));

  app.post('/certificates/:no/restore', {
    schema: { tags, security, summary: 'Restore a SUSPENDED certificate with the evidence that resolved the suspension (whoever imposed it lifts it: the issuer, or the regulator)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ evidenceIds: EvidenceIds(1) }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.restore(me, request.params.no, request.body.evidenceIds), STATUS_ROUTE));

  app.post('/certificates/:no/withdraw', {
    schema: { tags, security, summary: 'Withdraw (revoke) a certificate: its issuer, or the regulator (any certificate, with a reason code)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ reason: StatusReason }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.withdraw(me, request.params.no, request.body.reason), STATUS_ROUTE));

  app.post('/certificates/:no/cancel', {
    schema: { tags, security, summary: 'Cancel a certificate (holder request, or transfer outside the consortium)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ reason: Type.Union(['HOLDER_REQUEST', 'TRANSFERRED', '0201', '0202', '0203', '0204', '0299'].map((r) => Type.Literal(r)), { description: 'HOLDER_REQUEST, TRANSFERRED, or a 注销 code 0201–0299 (docs/contracts.md)' }), note: Type.Optional(Type.String({ maxLength: 2000, description: 'required for TRANSFERRED' })) }),
      response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.cancel(me, request.params.no, request.body), STATUS_ROUTE));

  // No body: expiry has no parameters besides the certificate (send no Content-Type, or {}; any field is refused).
  app.post('/certificates/:no/expire', {
    schema: { tags, security, summary: 'Expire a certificate whose expiresAt has been reached', headers: IdempotencyHeaders, params: NoParams, body: EmptyBody, response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.expire(me, request.params.no), STATUS_ROUTE));

  app.post('/certificates/:no/surveillance', {
    schema: { tags, security, summary: 'Record a surveillance audit (on a VALID certificate, or a SUSPENDED one before it is restored)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ auditId: Type.String({ minLength: 1, maxLength: 128 }), evidenceIds: Type.Optional(EvidenceIds(0)) }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.recordSurveillance(me, request.params.no, request.body), { businessEvent: 'certificate_surveilled' }));

  app.post('/certificates/:no/recertify', {
    schema: { tags, security, summary: 'Renew a VALID certificate into a new cycle before it expires, on a GRANT decision resting on an on-site RECERTIFICATION audit', headers: IdempotencyHeaders, params: NoParams,
      body: body({
        decisionEvidenceId: EvidenceId,
        expiresAt: Time,
        newCertificateNo: Type.Optional(Type.Union([CertNo, Type.Literal('')], { description: 'the new cycle\'s number; leave out to keep the number' })),
      }),
      response: { 200: submitted(Type.Object({ certificate: Certificate, previous: Type.Optional(Certificate) })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.recertify(me, request.params.no, request.body), { businessEvent: 'certificate_recertified' }));

  app.post('/certificates/:no/scope', {
    schema: { tags, security, summary: 'Change the scope of a VALID certificate', headers: IdempotencyHeaders, params: NoParams,
      body: body({ scope: Type.String({ minLength: 1, maxLength: 4000 }), scopeCodes: ScopeCodes, reason: Reason }), response: { 200: submitted(Certificate), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.changeScope(me, request.params.no, request.body), { businessEvent: 'certificate_scope_changed' }));

  app.post('/certificates/:no/organization', {
    schema: { tags, security, summary: 'Change the certified organisation\'s name, address or region, with a change reason code; the old data stays in organizationHistory', headers: IdempotencyHeaders, params: NoParams,
      body: body({
        changes: Type.Object({
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
          address: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          regionCode: Type.Optional(RegionCode),
        }, { additionalProperties: false, minProperties: 1 }),
        reasonCode: Type.Union(['0101', '0102', '0110'].map((r) => Type.Literal(r)), { description: '0101 组织更名 (name), 0102 地址变更 (address, regionCode), 0110 勘误 (any)' }),
      }),
      response: { 200: submitted(Type.Object({ certificate: Certificate, warnings: Type.Array(Type.String()) })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.changeOrganization(me, request.params.no, request.body), { businessEvent: 'certificate_organization_changed' }));

  app.post('/certificates/:no/transfer-consent', {
    schema: { tags, security, summary: 'The issuer consents to move the certificate to one accepting body (IAF MD 2)', headers: IdempotencyHeaders, params: NoParams,
      body: body({ acceptingBody: MspId }), response: { 201: submitted(TransferConsent), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.consentToTransfer(me, request.params.no, request.body.acceptingBody), { statusCode: 201, businessEvent: 'certificate_transfer_consented' }));

  app.post('/certificates/:no/transfer', {
    schema: { tags, security, summary: 'The accepting body takes the certificate over under a new number; the source is cancelled', headers: IdempotencyHeaders, params: NoParams,
      body: body({ newCertificateNo: CertNo, evidenceIds: EvidenceIds(1) }),
      response: { 201: submitted(Type.Object({ certificate: Certificate, source: Certificate, withoutConsent: Type.Boolean() })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.transfer(me, request.params.no, request.body), { statusCode: 201, businessEvent: 'certificate_transferred' }));

  app.get('/certificates/:no', {
    schema: { tags, security, summary: 'The full certificate record', params: NoParams, response: { 200: Certificate, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.certificates.get(me, request.params.no)));

  app.get('/certificates/:no/verify', {
    schema: { tags, security, summary: 'The verification view: effective status, holder, issuer and its accreditation, credit events; optionally as at a past moment', params: NoParams,
      querystring: Type.Object({ at: Type.Optional(Time) }, { additionalProperties: false }), response: { 200: CertificateView, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.certificates.verify(me, request.params.no, request.query.at)));

  app.get('/certificates', {
    schema: { tags, security, summary: 'Certificates of one organisation (uscc) or one issuing body (issuer), a page at a time',
      querystring: Type.Object({ uscc: Type.Optional(OrgKey), issuer: Type.Optional(MspId), ...Paging }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Certificate), bookmark: Type.String() }), ...ERRORS } },
  }, async (request, reply) => {
    const { uscc, issuer, pageSize, bookmark } = request.query;
    if (uscc !== undefined && issuer === undefined) return evaluate(request, reply, (c, me) => c.certificates.listByOrganization(me, uscc, { pageSize, bookmark }));
    if (issuer !== undefined && uscc === undefined) return evaluate(request, reply, (c, me) => c.certificates.listByIssuer(me, issuer, { pageSize, bookmark }));
    throw new HttpError(400, 'querystring: give exactly one of uscc or issuer', 'INVALID_ARGUMENT');
  });

  app.post('/credit-events', {
    schema: { tags: ['credit'], security, summary: 'The regulator records a credit event; SERIOUS suspends the organisation\'s VALID certificates', headers: IdempotencyHeaders,
      body: body({
        uscc: OrgKey,
        type: CreditType,
        severity: CreditSeverity,
        source: Type.String({ minLength: 1, maxLength: 512 }),
        occurredAt: Time,
      }),
      response: { 201: submitted(CreditEvent), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.recordCreditEvent(me, request.body), { statusCode: 201, businessEvent: 'credit_event_recorded' }));

  app.get('/credit-events/:uscc', {
    schema: { tags: ['credit'], security, summary: 'An organisation\'s credit events, oldest first, with their revisions and closing',
      params: Type.Object({ uscc: OrgKey }), response: { 200: Type.Object({ items: Type.Array(CreditEvent) }), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.certificates.listCreditEvents(me, request.params.uscc)));

  app.get('/credit-events/:uscc/:id/history', {
    schema: { tags: ['credit'], security, summary: 'Every version of one credit event, oldest first, from the ledger\'s key history', params: CreditEventParams,
      response: { 200: Type.Array(Type.Object({ txId: Type.String(), timestamp: Type.String(), value: Type.Union([CreditEvent, Type.Null()]) })), ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.certificates.creditEventHistory(me, request.params.uscc, request.params.id)));

  app.post('/credit-events/:uscc/:id/close', {
    schema: { tags: ['credit'], security, summary: 'The regulator closes a credit event; closing a SERIOUS one lifts the suspensions it still holds', headers: IdempotencyHeaders,
      params: CreditEventParams, body: body({ note: Reason }),
      response: { 200: submitted(Type.Object({ event: CreditEvent, ...CreditEventLift })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.closeCreditEvent(me, request.params.uscc, request.params.id, request.body.note), { businessEvent: 'credit_event_closed' }));

  app.post('/credit-events/:uscc/:id/revisions', {
    schema: { tags: ['credit'], security, summary: 'The regulator revises a credit event\'s type, severity or source (history kept); up to SERIOUS suspends, down from it lifts', headers: IdempotencyHeaders,
      params: CreditEventParams,
      body: body({ type: Type.Optional(CreditType), severity: Type.Optional(CreditSeverity), source: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })), note: Reason }),
      response: { 201: submitted(Type.Object({ event: CreditEvent, suspended: Type.Array(Type.String()), ...CreditEventLift })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.reviseCreditEvent(me, request.params.uscc, request.params.id, request.body), { statusCode: 201, businessEvent: 'credit_event_revised' }));

  app.post('/accreditations', {
    schema: { tags: ['accreditation'], security, summary: 'An accreditation body records a certification body\'s accreditation state', headers: IdempotencyHeaders,
      body: body({ body: MspId, state: Type.Union([Type.Literal('ACCREDITED'), Type.Literal('SUSPENDED'), Type.Literal('WITHDRAWN')]), reason: Reason }),
      response: { 201: submitted(Accreditation), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.certificates.recordAccreditation(me, request.body), { statusCode: 201, businessEvent: 'accreditation_changed' }));

  app.post('/inspectors', {
    schema: { tags: ['inspection'], security, summary: 'Add an inspector to the regulator\'s random-inspection pool', headers: IdempotencyHeaders,
      body: body({ inspectorId: RecordId, name: Type.String({ minLength: 1, maxLength: 2000 }) }), response: { 201: submitted(Inspector), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.inspection.registerInspector(me, request.body), { statusCode: 201, businessEvent: 'inspector_registered' }));
  // the sample routes (/samples/...) are in ./inspections.ts
}
