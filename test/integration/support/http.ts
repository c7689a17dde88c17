// HTTP to the members' REST gateways for integration suites: addresses from the topology, API
// keys from the operator's own script, and one request helper.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { gatewayOf } from '../../../tools/network';
import { script } from './network';

export { gatewayOf };

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
  const response = await fetch(`${gatewayOf(org)}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  record(method, path, response.status);
  return { status: response.status, headers: response.headers, body: (text === '' ? {} : JSON.parse(text)) as Answer['body'] };
}

/** Asserts the answer's status (the body in the message when it differs); returns its result, or the body. */
export function ok(answer: Answer, status: number): Record<string, unknown> {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  return (answer.body.result ?? answer.body) as Record<string, unknown>;
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
