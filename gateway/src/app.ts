// The gateway as a Fastify plugin tree: security and limits, then the plugins that own Fabric,
// auth, metrics and idempotency, then the routes, then the OpenAPI document generated from them.
// A second, operations listener (app.operations, on the member's address at the metrics port)
// serves /metrics and /docs; the public listener serves them only when configured to.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import helmetHeaders from 'helmet';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from './config';
import auth from './plugins/auth';
import errors, { frameworkErrorBody, HttpError, MAX_PARAM_LENGTH } from './plugins/errors';
import events from './plugins/events';
import fabric from './plugins/fabric';
import idempotency from './plugins/idempotency';
import input from './plugins/input';
import metrics, { metricsRoute } from './plugins/metrics';
import health, { cachedReadiness } from './routes/health';
import v1 from './routes/v1';
import { verifyPage } from './routes/v1/public';

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    /** the operations listener: /metrics and /docs (listen on config.metrics; closed with the app) */
    operations: FastifyInstance;
  }
}

/** A client's X-Request-Id is used only when it is plainly an id; otherwise the gateway makes one. */
export const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

const HELMET = {
  contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
};

/**
 * Errors the router meets before any hook (a malformed percent-encoding, an over-long path
 * segment): the same error shape and security headers (helmet, with the listeners' settings) as
 * every other answer, and no URL echoed.
 */
const securityHeaders = helmetHeaders(HELMET);
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = frameworkErrorBody(error, request);
  securityHeaders(request.raw, reply.raw, () => undefined);
  void reply.code(status).header('x-request-id', request.id).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
}

function serverOptions(config: GatewayConfig): FastifyServerOptions {
  return {
    requestTimeout: config.requestTimeoutMs,
    bodyLimit: config.bodyLimitBytes,
    genReqId: requestIdOf,
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors,
    // Strict bodies: no coercion, no silent removal of unknown fields (schemas say additionalProperties: false).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: true } },
  };
}

interface OpenApiPaths { paths?: Record<string, Record<string, { requestBody?: { required?: boolean; content?: Record<string, { schema?: { properties?: object; additionalProperties?: unknown } }> } }>> }

/** A POST that takes no fields takes no body either (input.ts gives it {}): its body is optional. */
function optionalEmptyBodies<T extends OpenApiPaths>(document: T): T {
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      const schema = operation.requestBody?.content?.['application/json']?.schema;
      if (operation.requestBody !== undefined && schema !== undefined && Object.keys(schema.properties ?? {}).length === 0 && schema.additionalProperties === false) operation.requestBody.required = false;
    }
  }
  return document;
}

export async function buildApp(config: GatewayConfig, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...serverOptions(config),
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    },

    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errors);
  await app.register(input);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(helmet, HELMET);
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    retryAfter: 5,
    exposeStatusRoute: false,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new HttpError(429, `too many requests: at most ${context.max} per ${context.after} here; retry after Retry-After`, 'RATE_LIMITED'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: `certledger gateway (${config.org})`, version: '1.0.0', description: 'REST API of one certledger member over its Fabric peer' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued by scripts/gateway-key.sh' } } },
    },
    transformObject: (documentObject) => {
      const document = 'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject;
      optionalEmptyBodies(document as OpenApiPaths);
      return document;
    },
  });
  await app.register(fabric, { config });
  // one readiness check, shared by /readyz and the certledger_gateway_ready gauge
  app.decorate('readiness', cachedReadiness(app, config.readinessCacheMs));
  await app.register(metrics);
  await app.register(events, { config });
  await app.register(auth, { config });
  await app.register(idempotency, { config });
  await app.register(health, { config });
  await app.register(v1, { prefix: '/v1', config });
  await app.register(verifyPage, { config });
  if (config.metricsListener === 'public') await app.register(metricsRoute(app.metrics));
  if (config.docsListener === 'public') await app.register(swaggerUi, { routePrefix: '/docs' });

  app.decorate('operations', await buildOperations(app, config));
  app.addHook('onReady', async () => {
    await app.operations.ready();
  });
  app.addHook('onClose', async () => {
    await app.operations.close();
  });
  return app;
}

/** The operations listener: what the member's own monitoring and operators read, never the public. */
async function buildOperations(app: FastifyInstance, config: GatewayConfig): Promise<FastifyInstance> {
  const operations = Fastify({ ...serverOptions(config), loggerInstance: app.log.child({ listener: 'operations' }) });
  await operations.register(errors);
  await operations.register(input);
  operations.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await operations.register(helmet, HELMET);
  operations.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'OK' }));
  if (config.metricsListener === 'operations') await operations.register(metricsRoute(app.metrics));
  if (config.docsListener === 'operations') {
    // the public app's OpenAPI document, built from its routes, under the name the UI depends on
    await operations.register(fp(async (instance) => {
      instance.decorate('swagger', app.swagger.bind(app));
    }, { name: '@fastify/swagger' }));
    await operations.register(swaggerUi, { routePrefix: '/docs' });
  }
  return operations;
}
