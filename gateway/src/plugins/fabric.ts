// The fabric plugin owns the member's connection to its peer: one FabricService, closed with the app.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config';
import { FabricService } from '../fabric/service';

declare module 'fastify' {
  interface FastifyInstance {
    fabric: FabricService;
  }
}

async function fabricPlugin(app: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const { config } = options;
  const service = new FabricService({
    mspId: config.mspId,
    channel: config.channel,
    chaincode: config.chaincode,
    peer: config.peer,
    usersDir: config.usersDir,
    deadlines: config.deadlines,
    mvccRetries: config.mvccRetries,
  });
  app.decorate('fabric', service);
  app.addHook('onClose', async () => service.close());
}

export default fp(fabricPlugin, { name: 'fabric' });
