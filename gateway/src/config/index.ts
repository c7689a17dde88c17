// One validated schema for every setting of a member's gateway, read from the environment.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';

const ConfigSchema = Type.Object({
  /** the member this gateway serves: its name in network/topology.json */
  CERTLEDGER_ORG: Type.String({ minLength: 1, description: 'member name in network/topology.json, e.g. cb1' }),
  CERTLEDGER_TOPOLOGY: Type.String({ minLength: 1, description: 'path of network/topology.json' }),
  CERTLEDGER_RUN_DIR: Type.String({ minLength: 1, description: 'the generated run/ folder (identities, state)' }),
  CERTLEDGER_GATEWAY_HOST: Type.Optional(Type.String({ minLength: 1, description: 'listen address (default: the topology\'s)' })),
  CERTLEDGER_GATEWAY_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'listen port (default: the topology\'s)' })),
  CERTLEDGER_GATEWAY_METRICS_HOST: Type.Optional(Type.String({ minLength: 1, description: 'listen address of the operations listener: /metrics, and /docs unless DOCS_LISTENER says otherwise (default: the gateway\'s host)' })),
  CERTLEDGER_GATEWAY_METRICS_PORT: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, description: 'port of the operations listener (default: the topology\'s gateway.metricsPort, else the gateway port + 10000)' })),
  METRICS_LISTENER: Type.Union([Type.Literal('operations'), Type.Literal('public'), Type.Literal('off')], { default: 'operations', description: 'where /metrics is served: the operations listener only, the public listener as well, or nowhere' }),
  DOCS_LISTENER: Type.Union([Type.Literal('operations'), Type.Literal('public'), Type.Literal('off')], { default: 'operations', description: 'where /docs (the OpenAPI document and its UI) is served' }),
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info' }),
  REQUEST_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 600_000, default: 30_000 }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 8 * 1024 * 1024, default: 1024 * 1024 }),
  PUBLIC_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
  AUTH_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 60_000, description: 'requests per minute per authenticated identity' }),
  AUTH_FAILURES_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 30, description: 'failed authentications per minute per client address before every request from it is answered 429' }),
  SSE_STREAMS_PER_CALLER: Type.Integer({ minimum: 1, maximum: 1000, default: 4, description: 'open GET /v1/events streams per authenticated identity' }),
  READINESS_CACHE_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 1_000, description: 'how long /readyz reuses its last check of the peer and chaincode' }),
  MVCC_RETRIES: Type.Integer({ minimum: 0, maximum: 10, default: 3 }),
  EVALUATE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 5_000 }),
  ENDORSE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 15_000 }),
  SUBMIT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 5_000 }),
  COMMIT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 60_000 }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1_000 }),
  READER_USER: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$', default: 'reader1', description: 'the enrolled reader the gateway acts as for itself: public routes, chaincode events, readiness' }),
  IDEMPOTENCY_RETENTION_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 365, default: 72, description: 'how long the answer to an Idempotency-Key is kept for retries' }),
});
export type RawConfig = Static<typeof ConfigSchema>;

interface OrgTopology {
  name: string;
  mspId: string;
  peer: { host: string; port: number };
  gateway: { host: string; port: number; metricsPort?: number };
}

/** Where an operations listener's port goes when the topology names none: like the nodes' operationsPort. */
export const METRICS_PORT_OFFSET = 10_000;

export interface GatewayConfig {
  org: string;
  mspId: string;
  host: string;
  port: number;
  /** the operations listener (metrics, docs): never the public one unless configured */
  metrics: { host: string; port: number };
  /** where /metrics and /docs are served */
  metricsListener: RawConfig['METRICS_LISTENER'];
  docsListener: RawConfig['DOCS_LISTENER'];
  channel: string;
  chaincode: string;
  peer: { address: string; tlsRootCertPath: string; hostnameOverride?: string };
  /** run/<org>/users: one folder per enrolled user, each with msp/ */
  usersDir: string;
  /** run/<org>/gateway: API keys, idempotency records, event checkpoints */
  stateDir: string;
  logLevel: RawConfig['LOG_LEVEL'];
  requestTimeoutMs: number;
  bodyLimitBytes: number;
  publicRateLimitPerMinute: number;
  authRateLimitPerMinute: number;
  authFailuresPerMinute: number;
  sseStreamsPerCaller: number;
  readinessCacheMs: number;
  mvccRetries: number;
  deadlines: { evaluateMs: number; endorseMs: number; submitMs: number; commitStatusMs: number };
  maxEventLoopDelayMs: number;
  /** the enrolled user (role reader) the gateway reads as for itself: public routes, events, readiness */
  readerUser: string;
  /** answers to an Idempotency-Key are kept at least this long, then swept */
  idempotencyRetentionMs: number;
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`invalid gateway configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const check = Compile(ConfigSchema);

interface PropertySchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  anyOf?: { const?: unknown }[];
  description?: string;
}

/** What a variable must be, in words, for the error message. */
function expected(schema: PropertySchema): string {
  if (schema.anyOf !== undefined) return `one of ${schema.anyOf.map((s) => String(s.const)).join(', ')}`;
  if (schema.type === 'integer') return `a whole number from ${String(schema.minimum)} to ${String(schema.maximum)}`;
  return 'a non-empty string';
}

/** Reads and validates the configuration; every problem is listed, with the variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  const required = new Set<string>(ConfigSchema.required);
  for (const [key, property] of Object.entries(ConfigSchema.properties) as [string, PropertySchema][]) {
    const value = env[key];
    if (value === undefined || value === '') {
      if (required.has(key) && property.default === undefined) problems.push(`${key}: is required (${property.description ?? expected(property)})`);
      continue;
    }
    const parsed = property.type === 'integer' && /^\d+$/.test(value) ? Number(value) : value;
    const candidate = check.Default({ ...raw, [key]: parsed }) as Record<string, unknown>;
    const wrong = [...check.Errors(candidate)].some((e) => e.instancePath === `/${key}`);
    if (wrong || (property.type === 'integer' && typeof parsed !== 'number')) {
      problems.push(`${key}: must be ${expected(property)}; got "${value}"`);
      continue;
    }
    raw[key] = parsed;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const withDefaults = check.Default(raw) as Record<string, unknown>;
  const c = withDefaults as RawConfig;

  const topologyPath = resolve(c.CERTLEDGER_TOPOLOGY);
  const topology = JSON.parse(readFileSync(topologyPath, 'utf8')) as { channel: string; chaincode: { name: string }; orgs: OrgTopology[] };
  const org = topology.orgs.find((o) => o.name === c.CERTLEDGER_ORG);
  if (org === undefined) {
    throw new ConfigError([`CERTLEDGER_ORG: no org "${c.CERTLEDGER_ORG}" in ${topologyPath} (orgs: ${topology.orgs.map((o) => o.name).join(', ')})`]);
  }
  const port = c.CERTLEDGER_GATEWAY_PORT ?? org.gateway.port;
  const metricsPort = c.CERTLEDGER_GATEWAY_METRICS_PORT ?? org.gateway.metricsPort ?? org.gateway.port + METRICS_PORT_OFFSET;
  if (metricsPort > 65535) {
    throw new ConfigError([`CERTLEDGER_GATEWAY_METRICS_PORT: the topology gives org "${org.name}" no gateway.metricsPort and ${org.gateway.port} + ${METRICS_PORT_OFFSET} is no port; set one`]);
  }
  const host = c.CERTLEDGER_GATEWAY_HOST ?? org.gateway.host;
  const metricsHost = c.CERTLEDGER_GATEWAY_METRICS_HOST ?? host;
  if (metricsHost === host && metricsPort === port && (c.METRICS_LISTENER === 'operations' || c.DOCS_LISTENER === 'operations')) {
    throw new ConfigError([`CERTLEDGER_GATEWAY_METRICS_PORT: the operations listener needs its own address; ${host}:${port} is the public listener's`]);
  }
  const runDir = resolve(c.CERTLEDGER_RUN_DIR);
  const peer: GatewayConfig['peer'] = {
    address: `${org.peer.host}:${org.peer.port}`,
    tlsRootCertPath: join(runDir, org.name, 'msp', 'tlscacerts', 'ca.pem'),
  };
  return {
    org: org.name,
    mspId: org.mspId,
    host,
    port,
    metrics: { host: metricsHost, port: metricsPort },
    metricsListener: c.METRICS_LISTENER,
    docsListener: c.DOCS_LISTENER,
    channel: topology.channel,
    chaincode: topology.chaincode.name,
    peer,
    usersDir: join(runDir, org.name, 'users'),
    stateDir: join(runDir, org.name, 'gateway'),
    logLevel: c.LOG_LEVEL,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    publicRateLimitPerMinute: c.PUBLIC_RATE_LIMIT_PER_MINUTE,
    authRateLimitPerMinute: c.AUTH_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: c.AUTH_FAILURES_PER_MINUTE,
    sseStreamsPerCaller: c.SSE_STREAMS_PER_CALLER,
    readinessCacheMs: c.READINESS_CACHE_MS,
    mvccRetries: c.MVCC_RETRIES,
    deadlines: { evaluateMs: c.EVALUATE_TIMEOUT_MS, endorseMs: c.ENDORSE_TIMEOUT_MS, submitMs: c.SUBMIT_TIMEOUT_MS, commitStatusMs: c.COMMIT_TIMEOUT_MS },
    maxEventLoopDelayMs: c.MAX_EVENT_LOOP_DELAY_MS,
    readerUser: c.READER_USER,
    idempotencyRetentionMs: c.IDEMPOTENCY_RETENTION_HOURS * 3_600_000,
  };
}
