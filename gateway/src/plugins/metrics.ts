// The gateway's Prometheus metrics (docs/architecture.md §7), owned here: HTTP durations by route template,
// Fabric call phases, commit status codes, and business counters; served at /metrics.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type {} from '@fastify/swagger';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface GatewayMetrics {
  registry: Registry;
  business: Counter<'event'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: GatewayMetrics;
  }
  interface FastifyRequest {
    startedAt: bigint;
  }
}

async function metricsPlugin(app: FastifyInstance): Promise<void> {
  const registry = new Registry();
  // Node's process metrics under their standard names (process_cpu_seconds_total, nodejs_*), which
  // Prometheus' and Grafana's Node.js conventions expect; the scrape job tells the gateways apart.
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: 'certledger_gateway_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const fabric = new Histogram({
    name: 'certledger_gateway_fabric_duration_seconds',
    help: 'Duration of Fabric calls by phase (evaluate, endorse, submit, commit)',
    labelNames: ['phase'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const commits = new Counter({
    name: 'certledger_gateway_commit_status_total',
    help: 'Committed transactions by validation code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const business = new Counter({
    name: 'certledger_gateway_business_events_total',
    help: 'Business events through this gateway (evidence anchored, certificate status changes, ...)',
    labelNames: ['event'] as const,
    registers: [registry],
  });
  app.decorate('metrics', { registry, business });
  app.fabric.observe((phase, seconds) => fabric.observe({ phase }, seconds), (code) => commits.inc({ code }));

  app.decorateRequest('startedAt', 0n);
  app.addHook('onRequest', async (request) => {
    request.startedAt = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route template, never the raw URL: label values stay bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    http.observe({ method: request.method, route, status: String(reply.statusCode) }, Number(process.hrtime.bigint() - request.startedAt) / 1e9);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['fabric'] });
