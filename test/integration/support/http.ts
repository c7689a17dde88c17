// HTTP to the members' REST gateways for integration suites: addresses from the topology, API
// keys from the operator's own script, and one request helper.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { allOrgs, gatewayOf } from '../../../tools/network';
import { script } from './network';

export { gatewayOf };

/** The gateway's operations listener (/metrics, /docs): the topology's gateway.metricsPort, else port + 10000. */
export function gatewayOperationsOf(org: string): string {
  const o = allOrgs.find((x) => x.name === org) as unknown as { gateway: { host: string; port: number; metricsPort?: number } } | undefined;
  if (o === undefined) throw new Error(`no org ${org} in network/topology.json`);
  return `http://${o.gateway.host}:${o.gateway.metricsPort ?? o.gateway.port + 10_000}`;
}

/** A new API key for `user` of `org`: scripts/gateway-key.sh prints it alone on stdout. */
export function apiKey(org: string, user: string): string {
  const key = script('gateway-key.sh', 'issue', org, user).trim().split('\n').filter((l) => /^[A-Za-z0-9_-]{40,}$/.test(l)).pop();
  if (key === undefined) throw new Error(`scripts/gateway-key.sh issue ${org} ${user} printed no key`);
  return key;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { result?: Record<string, unknown>; txId?: string; code?: string; message?: string; fields?: { field: string; message?: string }[] };
}

/** Every answer the integration suites got through `call` or `record`, for the route coverage check. */
export const answered: { method: string; path: string; status: number }[] = [];

/** Notes an answer obtained without `call` (a stream, a browser) for the route coverage check. */
export function record(method: string, path: string, status: number): void {
  answered.push({ method: method.toUpperCase(), path: path.split('?')[0] as string, status });
}

/** One request; every POST carries an Idempotency-Key (a fresh one unless given). */
export async function call(org: string, method: string, path: string, options: { key?: string; body?: unknown; idempotencyKey?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
  const request = (): Promise<Response> => fetch(`${gatewayOf(org)}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  let response: Response;
  try {
    response = await request();
  } catch (error) {
    // A kept-alive connection the gateway closed while this process was blocked (a suite's
    // synchronous operator script outlasting the server's keep-alive timeout) is reused once
    // before the client notices; like any HTTP client, retry once on a fresh one. Safe: a GET
    // reads, and every POST carries its Idempotency-Key.
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    response = await request();
  }
  const text = await response.text();
  record(method, path, response.status);
  return { status: response.status, headers: response.headers, body: (text === '' ? {} : JSON.parse(text)) as Answer['body'] };
}

/** The samples of a gateway's /metrics, keyed by series as prom-client writes it (`name{label="v",...}`). */
export async function scrapeGateway(org: string): Promise<Map<string, number>> {
  const response = await fetch(`${gatewayOperationsOf(org)}/metrics`);
  expect(response.status).to.equal(200);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match !== null) samples.set(match[1] as string, Number(match[2]));
  }
  return samples;
}

/** Asserts the answer's status (the body in the message when it differs); returns its result, or the body. */
export function ok(answer: Answer, status: number): Record<string, unknown> {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  return answer.body.result ?? answer.body;
}

/** Asserts a refusal: its status and that its message names each fragment. */
export function refusedWith(answer: Answer, status: number, ...fragments: string[]): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  for (const fragment of fragments) expect(String(answer.body.message)).to.include(fragment);
}

/** Waits until `iso` (a proposal's deadline, say) has passed by `marginMs`. */
export async function waitUntil(iso: string, marginMs = 1_500): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(iso) - Date.now()) + marginMs));
}
