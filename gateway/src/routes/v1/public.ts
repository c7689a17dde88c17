// The public, unauthenticated face of a member's gateway: certificate verification, evidence
// lookup by digest and the published random-inspection samples [BULLETIN: 向社会公开抽查结果]
// (evaluated as the gateway's own reader identity, rate-limited per client address), and the
// /verify web page that uses them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { GatewayConfig } from '../../config';
import type { DigestMatch } from '../../../../chaincode/src/api/evidence';
import { ERRORS, evaluate, read } from './call';
import { certificateNo } from '../../schemas/values';
import { CertificateView } from './certificates';
import { Digest } from './evidence';
import { SampleView } from './inspections';


const PublicMatch = Type.Object({
  source: Type.Union([Type.Literal('record'), Type.Literal('batch')]),
  id: Type.String({ description: 'evidence record id, or batch id' }),
  kind: Type.Optional(Type.String()),
  anchoredBy: Type.String({ description: 'MSP ID of the member that anchored it' }),
  anchoredAt: Type.String(),
  txId: Type.String(),
  supersededBy: Type.Optional(Type.String()),
  takenDownAt: Type.Optional(Type.String({ description: 'the regulator took the record\'s content down then; its digest stays anchored' })),
  index: Type.Optional(Type.Integer({ description: 'position in the batch' })),
});
const PublicVerdict = Type.Object({ anchored: Type.Boolean(), alg: Type.String(), value: Type.String(), matches: Type.Array(PublicMatch) });


/**
 * The public sees that a digest is anchored, by which member, when and in which transaction; not
 * the record's subject (USCC, audit ids), content or the submitting user's name, which stay for
 * members and their authenticated callers.
 */
function publicVerdict(alg: string, value: string, found: DigestMatch) {
  const matches = [
    ...found.records.map((r) => ({ source: 'record' as const, id: r.id, kind: r.kind, anchoredBy: r.submitter.mspId, anchoredAt: r.timestamp, txId: r.txId, ...(r.supersededBy !== undefined ? { supersededBy: r.supersededBy } : {}), ...(r.takedown !== undefined ? { takenDownAt: r.takedown.at } : {}) })),
    ...found.batches.map((b) => ({ source: 'batch' as const, id: b.batchId, index: b.index, anchoredBy: b.submitter.mspId, anchoredAt: b.timestamp, txId: b.txId })),
  ];
  return { anchored: matches.length > 0, alg, value, matches };
}

const PUBLIC_ERRORS = { 400: ERRORS[400], 404: ERRORS[404], 412: ERRORS[412], 429: ERRORS[429], 500: ERRORS[500], 503: ERRORS[503] };

export default async function publicRoutes(fastify: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // public calls run as the gateway's reader (READER_USER), never as a caller
  const reader = options.config.readerUser;
  // Per client address: these routes carry no key to count by.
  const rateLimit = { max: options.config.publicRateLimitPerMinute, timeWindow: '1 minute' };

  app.get('/public/certificates/:no', {
    config: { rateLimit },
    schema: { tags: ['public'], summary: 'Verify a certificate (no key needed); optionally its status at a past moment',
      params: Type.Object({ no: certificateNo() }),
      querystring: Type.Object({ at: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z$', description: 'ISO-8601 UTC, e.g. 2025-03-20T00:00:00Z: the status as it was then' })) }, { additionalProperties: false }),
      response: { 200: CertificateView, ...PUBLIC_ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.certificates.verify(me, request.params.no, request.query.at), reader));

  app.get('/public/samples/:id', {
    config: { rateLimit },
    schema: { tags: ['public'], summary: 'A random-inspection sample as published: criteria, frozen population, every commitment and reveal, the draw (recomputable) and the inspection results (no key needed)',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }) }),
      response: { 200: SampleView, ...PUBLIC_ERRORS } },
  }, async (request, reply) => evaluate(request, reply, (c, me) => c.inspection.getSampleReport(me, request.params.id), reader));

  app.post('/public/evidence/verify', {
    config: { rateLimit },
    schema: { tags: ['public'], summary: 'Is this digest anchored? By whom, when, in which transaction (no key needed; send the digest, never the file)',
      body: Digest, response: { 200: PublicVerdict, ...PUBLIC_ERRORS } },
  }, async (request) => {
    const { alg, value } = request.body;
    const found = await read(request, (c, me) => c.evidence.verifyDigest(me, { alg, value }), reader);
    return publicVerdict(alg, value, found);
  });
}

/**
 * Where the page's files are: gateway/src/public in the source tree. tsc does not copy them, so a
 * compiled gateway (dist/gateway/src/routes/v1) reads them from the source tree at the repo root.
 */
export function publicAssetsDir(): string {
  const candidates = [join(__dirname, '..', '..', 'public'), join(__dirname, '..', '..', '..', '..', '..', 'gateway', 'src', 'public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'verify.html')));
  if (found === undefined) throw new Error(`the /verify page's files are missing; looked in ${candidates.join(', ')}`);
  return found;
}

/** GET /verify and /verify.js, read once at startup; the script is a file because the CSP allows only 'self' scripts. */
export async function verifyPage(app: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const dir = publicAssetsDir();
  const html = readFileSync(join(dir, 'verify.html'), 'utf8');
  const script = readFileSync(join(dir, 'verify.js'), 'utf8');
  const rateLimit = { max: options.config.publicRateLimitPerMinute, timeWindow: '1 minute' };
  app.get('/verify', { config: { rateLimit }, schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  app.get('/verify.js', { config: { rateLimit }, schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(script));
}
