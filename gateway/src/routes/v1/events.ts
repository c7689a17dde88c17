// GET /v1/events: the channel's chaincode events as Server-Sent Events. Each message carries
// `id:` (the stable <blockNumber>:<txId>:<eventName>), `event:` (the chaincode event name) and
// `data:` (JSON). A client that reconnects with Last-Event-ID (or ?lastEventId=) gets exactly the
// events after that id: from the gateway's ring of recent events when it still holds the id,
// otherwise from the ledger through a separate chaincode-event stream from the id's block, handed
// over to the live feed once the two meet. A comment line every 15 s keeps proxies from timing out.
import type { ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { parseEventId, type EventPosition, type LedgerEvent } from '../../events/event';
import { HttpError } from '../../plugins/errors';
import { ERRORS } from './call';

export const HEARTBEAT_MS = 15_000;

const EventId = Type.String({ maxLength: 420, description: 'an event id <blockNumber>:<txId>:<eventName> from an earlier message' });

function frame(event: LedgerEvent): string {
  return `id: ${event.id}\nevent: ${event.name}\ndata: ${JSON.stringify(event)}\n\n`;
}

export default async function eventRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/events', {
    preHandler: app.admitStream,
    schema: {
      tags: ['events'],
      security: [{ apiKey: [] }],
      summary: 'Chaincode events as Server-Sent Events, resumable with Last-Event-ID',
      description: 'At most SSE_STREAMS_PER_CALLER (4 by default) open streams per caller; one more is 429 TOO_MANY_STREAMS.',
      headers: Type.Object({ 'last-event-id': Type.Optional(EventId) }),
      querystring: Type.Object({ lastEventId: Type.Optional(EventId) }, { additionalProperties: false }),
      response: {
        200: { description: 'an endless text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } },
        ...ERRORS,
      },
    },
  }, async (request, reply) => {
    const { query } = request;
    const header = request.headers['last-event-id'];
    const lastEventId = query.lastEventId ?? (typeof header === 'string' && header !== '' ? header : undefined);
    let after: EventPosition | undefined;
    if (lastEventId !== undefined) {
      after = parseEventId(lastEventId);
      if (after === undefined) throw new HttpError(400, `Last-Event-ID "${lastEventId}" is not an event id (<blockNumber>:<txId>:<eventName>)`, 'INVALID_ARGUMENT');
    }

    const stream = app.events;
    reply.hijack();
    const raw: ServerResponse = reply.raw;
    // Headers set by earlier hooks (helmet, request id) are on the reply, which hijack bypasses.
    const inherited = Object.fromEntries(Object.entries(reply.getHeaders()).filter((entry): entry is [string, string | number | string[]] => entry[1] !== undefined));
    raw.writeHead(200, {
      ...inherited,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');

    let closed = false;
    // read afresh after each await: end() may have run meanwhile
    const isClosed = (): boolean => closed;
    let unsubscribe: () => void = () => undefined;
    let replaying: { close(): void } | undefined;
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const end = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      replaying?.close();
      untrack();
      raw.end();
    };
    const untrack = stream.track(end);
    raw.on('close', end);
    const send = (event: LedgerEvent): void => {
      if (!closed) raw.write(frame(event));
    };
    // Ring replay and subscription happen in one synchronous step: no event can fall between.
    const goLive = (backlog: LedgerEvent[]): void => {
      for (const event of backlog) send(event);
      if (!closed) unsubscribe = stream.subscribe(send);
    };

    if (after === undefined || lastEventId === undefined) {
      goLive([]);
      return;
    }
    const fromRing = stream.since(lastEventId);
    if (fromRing !== undefined) {
      goLive(fromRing);
      return;
    }
    // Older than the ring: read the ledger from the id's block until an event the ring holds.
    try {
      const replay = await stream.replay(after);
      replaying = replay;
      if (isClosed()) {
        replay.close();
        return;
      }
      request.log.info({ lastEventId }, 'SSE replay from the ledger');
      for await (const event of replay.events) {
        if (isClosed()) break;
        send(event);
        const tail = stream.since(event.id);
        if (tail !== undefined) {
          replaying = undefined;
          replay.close();
          goLive(tail);
          return;
        }
      }
    } catch (error) {
      if (!isClosed()) request.log.warn({ err: error }, 'SSE replay from the ledger failed; ending the response so the client reconnects');
    }
    end();
  });
}
