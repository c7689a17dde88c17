// The member's local alert receiver (docs/monitoring.md "Alertmanager"): the webhook every
// Alertmanager route also sends to. It appends each alert of each notification, firing or resolved,
// as one JSON line to the member's alerts.log, so an operator (or a test) reads what Alertmanager
// sent without any outside service. Started by scripts/lib/monitoring.sh as receiver-<org>.
//
// Usage: node alert-receiver.js --listen HOST:PORT --log FILE
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { appendFileSync } from 'node:fs';

/** One alert of Alertmanager's webhook payload (its format version 4). */
interface WebhookAlert {
  status?: unknown;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: unknown;
  endsAt?: unknown;
  fingerprint?: unknown;
}

/** What one line of alerts.log holds. */
export interface LoggedAlert {
  receivedAt: string;
  receiver: string;
  status: string;
  alertname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The lines a webhook payload becomes; throws on anything that is not Alertmanager's format. */
export function alertLines(payload: unknown, receivedAt: Date): LoggedAlert[] {
  if (typeof payload !== 'object' || payload === null) throw new Error('the body is not a JSON object');
  const { alerts, receiver } = payload as { alerts?: unknown; receiver?: unknown };
  if (!Array.isArray(alerts)) throw new Error('the body has no "alerts" array (is this an Alertmanager webhook?)');
  return (alerts as WebhookAlert[]).map((alert) => ({
    receivedAt: receivedAt.toISOString(),
    receiver: String(receiver ?? ''),
    status: String(alert.status ?? ''),
    alertname: alert.labels?.alertname ?? '',
    labels: alert.labels ?? {},
    annotations: alert.annotations ?? {},
    startsAt: String(alert.startsAt ?? ''),
    endsAt: String(alert.endsAt ?? ''),
    fingerprint: String(alert.fingerprint ?? ''),
  }));
}

function answer(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`the body is larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Starts the receiver; resolves once it listens. */
export function startReceiver(host: string, port: number, logFile: string): Promise<ReturnType<typeof createServer>> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/healthz') return answer(response, 200, { status: 'OK' });
    if (path !== '/alerts') return answer(response, 404, { error: `no route ${path}: Alertmanager posts to /alerts` });
    if (request.method !== 'POST') return answer(response, 405, { error: 'POST an Alertmanager webhook payload to /alerts' });
    readBody(request).then(
      (text) => {
        let lines: LoggedAlert[];
        try {
          lines = alertLines(JSON.parse(text), new Date());
        } catch (error) {
          return answer(response, 400, { error: (error as Error).message });
        }
        appendFileSync(logFile, lines.map((line) => `${JSON.stringify(line)}\n`).join(''), { mode: 0o600 });
        for (const line of lines) console.log(`${line.receivedAt} ${line.status} ${line.alertname} ${JSON.stringify(line.labels)}`);
        return answer(response, 200, { logged: lines.length });
      },
      (error: Error) => answer(response, 413, { error: error.message }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function option(name: string): string {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? process.argv[at + 1] : undefined;
  if (value === undefined) {
    console.error(`alert-receiver: ${name} is required (usage: alert-receiver --listen HOST:PORT --log FILE)`);
    process.exit(2);
  }
  return value;
}

if (require.main === module) {
  const listen = option('--listen');
  const logFile = option('--log');
  const colon = listen.lastIndexOf(':');
  const host = listen.slice(0, colon);
  const port = Number(listen.slice(colon + 1));
  startReceiver(host, port, logFile).then(
    () => console.log(`alert-receiver listening on http://${listen}/alerts, writing ${logFile}`),
    (error: Error) => {
      console.error(`alert-receiver: cannot listen on ${listen}: ${error.message}`);
      process.exit(1);
    },
  );
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
