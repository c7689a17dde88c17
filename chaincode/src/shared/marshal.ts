// One deterministic serialization: endorsers must write byte-identical values, so keys are sorted
// and undefined members dropped at every depth.

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) out[key] = canonical(member);
    }
    return out;
  }
  return value;
}

export function marshal(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(canonical(value)), 'utf8');
}

import type { Json } from '../api/transaction';

export type { Json };

export function toJson<T>(value: T): Json<T> {
  return JSON.stringify(canonical(value)) as Json<T>;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the stored type; JSON.parse cannot check it, and what was marshalled is what is read back
export function unmarshal<T>(bytes: Uint8Array): T {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
}
