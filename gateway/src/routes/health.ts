// /healthz: the process is up. /readyz: its peer is reachable and the chaincode answers.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const Health = Type.Object({ status: Type.String() });

export default async function health(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: Health } } }, async () => ({ status: 'OK' }));
  app.get('/readyz', {
    schema: { tags: ['health'], response: { 200: Health, 503: Type.Object({ status: Type.String(), reason: Type.String() }) } },
  }, async (_request, reply) => {
    try {
      await app.fabric.ready(readyUser(app));
      return { status: 'OK' };
    } catch (error) {
      return reply.code(503).header('retry-after', '5').send({ status: 'UNAVAILABLE', reason: error instanceof Error ? error.message.split('\n')[0] ?? 'unknown' : 'unknown' });
    }
  });
}

/** Any enrolled user can evaluate; prefer the gateway's reader. */
function readyUser(app: FastifyInstance): string {
  return [app.fabric.reader, 'admin1'].find((u) => app.fabric.hasUser(u)) ?? app.fabric.reader;
}
