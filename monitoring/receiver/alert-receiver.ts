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
  // Alertmanager's fields are strings; anything else is logged as ''
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return (alerts as WebhookAlert[]).map((alert) => ({
    receivedAt: receivedAt.toISOString(),
    receiver: text(receiver),
    status: text(alert.status),
    alertname: alert.labels?.alertname ?? '',
    labels: alert.labels ?? {},
    annotations: alert.annotations ?? {},
    startsAt: text(alert.startsAt),
    endsAt: text(alert.endsAt),
    fingerprint: text(alert.fingerprint),
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
    if (request.method === 'GET' && path === '/healthz') {
      answer(response, 200, { status: 'OK' });
    } else if (path !== '/alerts') {
      answer(response, 404, { error: `no route ${path}: Alertmanager posts to /alerts` });
    } else if (request.method !== 'POST') {
      answer(response, 405, { error: 'POST an Alertmanager webhook payload to /alerts' });
    } else {
      receive(request, response, logFile);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** One webhook post: its alerts appended to the log, one JSON line each. */
function receive(request: IncomingMessage, response: ServerResponse, logFile: string): void {
  readBody(request).then(
      (text) => {
        let lines: LoggedAlert[];
        try {
          lines = alertLines(JSON.parse(text), new Date());
        } catch (error) {
          answer(response, 400, { error: error instanceof Error ? error.message : String(error) });
          return;
        }
        appendFileSync(logFile, lines.map((line) => `${JSON.stringify(line)}\n`).join(''), { mode: 0o600 });
        for (const line of lines) console.log(`${line.receivedAt} ${line.status} ${line.alertname} ${JSON.stringify(line.labels)}`);
        answer(response, 200, { logged: lines.length });
      },
      (error: unknown) => {
        answer(response, 413, { error: error instanceof Error ? error.message : String(error) });
      },
    );
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
    (error: unknown) => {
      console.error(`alert-receiver: cannot listen on ${listen}: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
