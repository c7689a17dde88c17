// The gateway as a Fastify plugin tree: security and limits, then the plugins that own Fabric,
// auth, metrics and idempotency, then the routes, then the OpenAPI document generated from them.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from './config';
import auth from './plugins/auth';
import errors from './plugins/errors';
import events from './plugins/events';
import fabric from './plugins/fabric';
import idempotency from './plugins/idempotency';
import metrics from './plugins/metrics';
import health from './routes/health';
import v1 from './routes/v1';
import { verifyPage } from './routes/v1/public';

export type App = FastifyInstance;

export async function buildApp(config: GatewayConfig, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    requestTimeout: config.requestTimeoutMs,
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    // Strict bodies: no coercion, no silent removal of unknown fields (schemas say additionalProperties: false).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: true } },
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    },

    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errors);
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
  });
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    retryAfter: 5,
    exposeStatusRoute: false,
  });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: `certledger gateway (${config.org})`, version: '1.0.0', description: 'REST API of one certledger member over its Fabric peer' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued by scripts/gateway-key.sh' } } },
    },
  });
  await app.register(fabric, { config });
  await app.register(metrics);
  await app.register(events, { config });
  await app.register(auth, { config });
  await app.register(idempotency, { config });
  await app.register(health);
  await app.register(v1, { prefix: '/v1', config });
  await app.register(verifyPage, { config });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  return app;
}
