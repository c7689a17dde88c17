// The fabric plugin owns the member's connection to its peer: one FabricService, closed with the
// app, and the typed contract clients over it that the routes call.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config';
import { contractsOver, type Contracts } from '../fabric/contracts';
import { FabricService } from '../fabric/service';

declare module 'fastify' {
  interface FastifyInstance {
    fabric: FabricService;
    contracts: Contracts;
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
    readerUser: config.readerUser,
  });
  app.decorate('fabric', service);
  app.decorate('contracts', contractsOver(service));
  app.addHook('onClose', async () => service.close());
}

export default fp(fabricPlugin, { name: 'fabric' });
