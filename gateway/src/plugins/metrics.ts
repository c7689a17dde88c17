// The gateway's Prometheus metrics (docs/architecture.md §7), owned here: HTTP durations by route template,
// Fabric call phases, commit status codes, business counters, and what the alert rules read of
// the gateway (monitoring/rules: its signing identities' expiry, its event checkpoint, its
// readiness); served at /metrics by metricsRoute, on the operations listener (and the public one
// only when METRICS_LISTENER=public). docs/monitoring.md lists them.
import { X509Certificate } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type {} from '@fastify/swagger';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { lastHandledBlock } from '../events/checkpoint';

export interface GatewayMetrics {
  registry: Registry;
  business: Counter<'event'>;
  /** certificates by the status a committed transaction moved them to */
  certificateStatusChanges: Counter<'to'>;
}

/** A certificate's notAfter in Unix seconds (node:crypto prints it as "Dec 31 23:59:59 2099 GMT"). */
export function notAfterSeconds(certificatePem: string | Buffer): number {
  const validTo = new X509Certificate(certificatePem).validTo;
  const match = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(validTo);
  const month = match === null ? -1 : MONTHS.indexOf(match[1] ?? '');
  if (match === null || month < 0) throw new Error(`unexpected certificate notAfter: ${validTo}`);
  const [, , day, hours, minutes, seconds, year] = match.map(Number);
  return Date.UTC(year ?? 0, month, day, hours, minutes, seconds) / 1000;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

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
  const certificateStatusChanges = new Counter({
    name: 'certledger_gateway_certificate_status_changes_total',
    help: 'Certificates moved to a status by transactions this gateway committed (suspend, restore, withdraw, cancel, expire, sweep)',
    labelNames: ['to'] as const,
    registers: [registry],
  });
  const ready = new Gauge({
    name: 'certledger_gateway_ready',
    help: '1 when the readiness check (the chaincode answers through the peer, as /readyz asks) succeeded at this scrape, 0 when it failed',
    registers: [registry],
    // Checked at every scrape (the readiness /readyz shares, at most once per READINESS_CACHE_MS),
    // so the gauge is never older than the scrape interval: the ChaincodeNotAnswering rule reads it.
    async collect() {
      this.set((await app.readiness()).ready ? 1 : 0);
    },
  });
  ready.set(0);

  // Read at scrape time, so a user enrolled while the gateway runs appears at the next scrape. A
  // user's value is the certificate its session signs with (re-read from disk only on a restart,
  // as the session is), or for a user not used yet, the one on disk.
  const log = app.log.child({ component: 'metrics' });
  const unreadable = new Map<string, string>();
  new Gauge({
    name: 'certledger_gateway_identity_expiry_timestamp_seconds',
    help: 'notAfter (Unix seconds) of the enrolment certificate of each identity the gateway signs with',
    labelNames: ['identity'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const user of app.fabric.signingUsers()) {
        try {
          this.set({ identity: user }, notAfterSeconds(app.fabric.signingCertificate(user)));
          unreadable.delete(user);
        } catch (error) {
          // Left out of the scrape (the identity cannot sign either); said once per new reason.
          const reason = error instanceof Error ? error.message : String(error);
          if (unreadable.get(user) !== reason) log.warn({ user, reason }, 'the certificate of an enrolled user is unreadable; its expiry is not exported');
          unreadable.set(user, reason);
        }
      }
    },
  });
  // The events plugin registers after this one; until it has, and while a first start has not
  // yet read the channel height, there is no checkpoint and no series.
  new Gauge({
    name: 'certledger_gateway_event_checkpoint_block',
    help: 'The last block whose chaincode events the gateway handed on (its durable event checkpoint; on a first start, the block before the one it started reading at)',
    labelNames: ['channel'] as const,
    registers: [registry],
    collect() {
      this.reset();
      if (!app.hasDecorator('events')) return;
      const block = lastHandledBlock(app.events.checkpoint);
      if (block !== undefined) this.set({ channel: app.events.channel }, Number(block));
    },
  });

  app.decorate('metrics', { registry, business, certificateStatusChanges });
  app.fabric.observe((phase, seconds) => fabric.observe({ phase }, seconds), (code) => commits.inc({ code }), (ok) => ready.set(ok ? 1 : 0));

  app.decorateRequest('startedAt', 0n);
  app.addHook('onRequest', async (request) => {
    request.startedAt = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route template, never the raw URL: label values stay bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    http.observe({ method: request.method, route, status: String(reply.statusCode) }, Number(process.hrtime.bigint() - request.startedAt) / 1e9);
  });
}

/** GET /metrics over `metrics`' registry, on whichever listener registers it. */
export function metricsRoute(metrics: GatewayMetrics): FastifyPluginAsync {
  return async (instance) => {
    instance.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  };
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['fabric'] });
