// Version 1 of the API: one plugin per contract behind API-key auth (which also rate-limits per
// caller and counts failed keys per address: plugins/auth.ts), plus the public routes
// (rate-limited per client address).
import type { FastifyInstance } from 'fastify';
import type { GatewayConfig } from '../../config';
import certificates from './certificates';
import evidence from './evidence';
import events from './events';
import inspections from './inspections';
import membership from './membership';
import publicRoutes from './public';
import receipts from './receipts';

export default async function v1(app: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const { config } = options;
  await app.register(async (authenticated) => {
    authenticated.addHook('onRequest', authenticated.authenticate);
    await authenticated.register(evidence);
    await authenticated.register(events);
    await authenticated.register(certificates);
    await authenticated.register(inspections);
    await authenticated.register(membership);
    await authenticated.register(receipts, { config });
  });
  await app.register(publicRoutes, { config });
}
