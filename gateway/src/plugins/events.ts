// The events plugin owns the gateway's chaincode-event listener and its webhooks (docs/architecture.md §6):
// webhooks.json and the checkpoint are read at registration (a bad file stops the start with a
// clear message), the listener starts once the app is ready, and it is closed with the app —
// open SSE responses are ended first, so closing the HTTP server does not wait on them.
// admitStream caps the open GET /v1/events streams per caller (SSE_STREAMS_PER_CALLER): each may
// replay the ledger from an old event id, so a caller cannot open replays without bound.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config';
import { EventStream } from '../events/stream';
import { loadWebhooks, WebhookDeliverer, webhooksFile } from '../events/webhooks';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyInstance {
    events: EventStream;
    /** a preHandler for an SSE route: 429 when the caller already holds its cap of open streams */
    admitStream: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

async function eventsPlugin(app: FastifyInstance, options: { config: GatewayConfig }): Promise<void> {
  const { config } = options;
  // the gateway's reader (READER_USER, default reader1), which every member enrols
  const reader = config.readerUser;
  if (!app.fabric.hasUser(reader)) {
    throw new Error(`chaincode events are read as ${reader}, which is not enrolled in ${config.usersDir}; enrol it (scripts/gateway-key.sh issue ${config.org} ${reader} reader), or set READER_USER`);
  }
  const log = app.log.child({ component: 'events' });
  const webhooks = loadWebhooks(webhooksFile(config.stateDir));
  const deliverer = new WebhookDeliverer(webhooks, config.stateDir, log);
  const stream = await EventStream.open({
    fabric: app.fabric,
    channel: config.channel,
    chaincode: config.chaincode,
    user: reader,
    stateDir: config.stateDir,
    deliverer,
    log,
  });
  app.decorate('events', stream);
  const open = new Map<string, number>();
  app.decorate('admitStream', async (request: FastifyRequest, reply: FastifyReply) => {
    const caller = request.caller?.user ?? `address:${request.ip}`;
    const held = open.get(caller) ?? 0;
    if (held >= config.sseStreamsPerCaller) {
      throw new HttpError(429, `at most ${config.sseStreamsPerCaller} open event streams per caller (SSE_STREAMS_PER_CALLER); close one, or resume on one with Last-Event-ID`, 'TOO_MANY_STREAMS');
    }
    open.set(caller, held + 1);
    reply.raw.once('close', () => {
      const left = (open.get(caller) ?? 1) - 1;
      if (left <= 0) open.delete(caller);
      else open.set(caller, left);
    });
  });
  app.addHook('onReady', async () => {
    log.info({ webhooks: deliverer.ids }, 'starting the chaincode event listener');
    stream.start();
  });
  // preClose runs before the server stops accepting: SSE responses never end on their own.
  app.addHook('preClose', async () => {
    await stream.close();
  });
}

export default fp(eventsPlugin, { name: 'events', dependencies: ['fabric'] });
