// /v1/samples: random inspection (双随机一公开) by the multi-party draw of
// docs/random-inspection.md — the inspection contract's functions, one route each. The
// public report of a sample is also on /v1/public/samples/{id} (./public.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { EmptyBody, ERRORS, IdempotencyHeaders, evaluate, submit, submitted } from './call';
import { EvidenceId, MspId, RecordId, Scheme, certificateNo, hex64 } from '../../schemas/values';

const CertNo = certificateNo('capital letters, digits, / and -');
const Commitment = hex64('sha256("certledger-sample/2" 00 sampleId 00 your MSP ID 00 secret), 64 lowercase hex');

const Criteria = Type.Object({
  scheme: Type.Optional(Scheme),
  issuer: Type.Optional(MspId),
  region: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 code of a province (350000), prefecture (350100) or county (350102): holders whose regionCode lies in it' })),
  count: Type.Integer({ minimum: 1, maximum: 1000 }),
  inspectorCount: Type.Integer({ minimum: 0, maximum: 1000 }),
}, { additionalProperties: false });

const Participant = Type.Object({
  mspId: Type.String(),
  commitment: Type.String(),
  committedAt: Type.String(),
  commitTxId: Type.String(),
  committedBy: Type.Optional(Type.String({ description: 'the user who committed (not in the public report)' })),
  revealed: Type.Boolean(),
  revealedAt: Type.Optional(Type.String()),
  revealTxId: Type.Optional(Type.String()),
  secret: Type.Optional(Type.String({ description: 'once revealed (in the public report: once the sample is DRAWN or VOID)' })),
});
const Result = Type.Object({
  sampleId: Type.Optional(Type.String()),
  certificateNo: Type.String(),
  outcome: Type.String(),
  note: Type.String(),
  evidenceId: Type.Optional(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
  txId: Type.String(),
});

/** A sample with its participants and results: inspection:getSample and getSampleReport. */
export const SampleView = Type.Object({
  sampleId: Type.String(),
  protocol: Type.String(),
  criteria: Type.Object({ scheme: Type.Optional(Type.String()), issuer: Type.Optional(Type.String()), region: Type.Optional(Type.String()), count: Type.Integer(), inspectorCount: Type.Integer() }),
  openedBy: Type.String(),
  openedAt: Type.String(),
  openTxId: Type.String(),
  commitDeadline: Type.String(),
  revealPeriodSeconds: Type.Integer(),
  minOtherReveals: Type.Integer(),
  status: Type.Union(['COMMITTING', 'REVEALING', 'DRAWN', 'VOID'].map((s) => Type.Literal(s))),
  closedAt: Type.Optional(Type.String()),
  closeTxId: Type.Optional(Type.String()),
  population: Type.Optional(Type.Array(Type.String())),
  inspectorPopulation: Type.Optional(Type.Array(Type.String())),
  populationHash: Type.Optional(Type.String()),
  inspectorPopulationHash: Type.Optional(Type.String()),
  memberRevealDeadline: Type.Optional(Type.String()),
  regulatorRevealDeadline: Type.Optional(Type.String()),
  withheld: Type.Optional(Type.Array(Type.String(), { description: 'committed members that did not reveal: a breach on the public record' })),
  seed: Type.Optional(Type.String()),
  drawn: Type.Optional(Type.Object({ certificates: Type.Array(Type.String()), inspectors: Type.Array(Type.String()) })),
  drawnAt: Type.Optional(Type.String()),
  drawTxId: Type.Optional(Type.String()),
  voidReason: Type.Optional(Type.String()),
  voidedAt: Type.Optional(Type.String()),
  voidTxId: Type.Optional(Type.String()),
  participants: Type.Array(Participant),
  results: Type.Array(Result),
});

const CommitmentRecord = Type.Object({
  sampleId: Type.String(),
  mspId: Type.String(),
  commitment: Type.String(),
  committedAt: Type.String(),
  commitTxId: Type.String(),
  secret: Type.Optional(Type.String()),
  revealedAt: Type.Optional(Type.String()),
  revealTxId: Type.Optional(Type.String()),
});

const SampleParams = Type.Object({ id: RecordId });
const body = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });
const tags = ['inspection'];
const security = [{ apiKey: [] }];

export default async function inspectionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.post('/samples', {
    schema: { tags, security, summary: 'The regulator opens a random-inspection sample with its commitment and the criteria; other members commit until the commit deadline', headers: IdempotencyHeaders,
      body: body({ sampleId: RecordId, commitment: Commitment, criteria: Criteria }), response: { 201: submitted(SampleView), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.inspection.openSample(me, request.body), { statusCode: 201, businessEvent: 'sample_opened' }));

  app.post('/samples/:id/commitments', {
    schema: { tags, security, summary: 'Your member commits to its secret before the commit deadline (an admin, or a regulator user)', headers: IdempotencyHeaders, params: SampleParams,
      body: body({ commitment: Commitment }), response: { 201: submitted(CommitmentRecord), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.inspection.commitSample(me, request.params.id, request.body.commitment), { statusCode: 201, businessEvent: 'sample_committed' }));

  // No body: the sample id says everything (send no Content-Type, or {}).
  app.post('/samples/:id/close', {
    schema: { tags, security, summary: 'After the commit deadline: freeze the populations (or void a sample that lacks commitments or certificates)', headers: IdempotencyHeaders, params: SampleParams, body: EmptyBody,
      response: { 200: submitted(SampleView), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.inspection.closeSample(me, request.params.id), { businessEvent: 'sample_closed' }));

  app.post('/samples/:id/reveal', {
    schema: { tags, security, summary: 'Reveal your member\'s secret; members first, the regulator last — its reveal makes the draw', headers: IdempotencyHeaders, params: SampleParams,
      body: body({ secret: Type.String({ minLength: 32, maxLength: 256 }) }),
      response: { 200: submitted(Type.Union([SampleView, CommitmentRecord], { description: 'the sample once drawn (the regulator\'s reveal), else your revealed commitment' })), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.inspection.revealSample(me, request.params.id, request.body.secret), { businessEvent: 'sample_revealed' }));

  app.post('/samples/:id/settle', {
    schema: { tags, security, summary: 'Void a sample that can no longer be drawn (too few reveals, or no regulator reveal in time); withholders stay on the record', headers: IdempotencyHeaders, params: SampleParams, body: EmptyBody,
      response: { 200: submitted(SampleView), ...ERRORS } },
  }, async (request, reply) => submit(request, reply, (c, me) => c.inspection.settleSample(me, request.params.id), { businessEvent: 'sample_voided' }));

  app.post('/samples/:id/results', {
    schema: { tags, security, summary: 'The regulator records the result of inspecting one drawn certificate; it is published with the sample', headers: IdempotencyHeaders, params: SampleParams,
      body: body({
        certificateNo: CertNo,
        outcome: Type.Union([Type.Literal('CONFORMING'), Type.Literal('NONCONFORMING'), Type.Literal('NOT_INSPECTED')]),
        note: Type.String({ minLength: 1, maxLength: 2000, description: 'published' }),
        evidenceId: Type.Optional(EvidenceId),
      }),
      response: { 201: submitted(Result), ...ERRORS } },
  }, async (request, reply) => {
    const { certificateNo, ...result } = request.body;
    return submit(request, reply, (c, me) => c.inspection.recordResult(me, request.params.id, certificateNo, result), { statusCode: 201, businessEvent: 'inspection_result_recorded' });
  });

  app.get('/samples/:id', {
    schema: { tags, security, summary: 'One sample: criteria, deadlines, participants, the frozen populations, the draw and the results', params: SampleParams, response: { 200: SampleView, ...ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.inspection.getSample(me, request.params.id)));
}
