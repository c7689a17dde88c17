// The member's local alert receiver (monitoring/receiver/alert-receiver.ts) on a loopback port:
// an Alertmanager webhook payload becomes one JSON line per alert in the log; anything else is
// refused with a clear message and leaves the log as it was.
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { alertLines, startReceiver } from '../../../monitoring/receiver/alert-receiver';

// An Alertmanager 0.25 webhook body (format version 4) with one firing and one resolved alert.
const payload = {
  version: '4',
  groupKey: '{}/{}:{alertname="NodeDown", member="cb2"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'local',
  groupLabels: { alertname: 'NodeDown', member: 'cb2' },
  commonLabels: { alertname: 'NodeDown', member: 'cb2', severity: 'critical', team: 'operations' },
  commonAnnotations: {},
  externalURL: 'http://127.0.0.4:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'NodeDown', member: 'cb2', job: 'peer-cb2', node: 'peer0', severity: 'critical', team: 'operations' },
      annotations: { summary: 'peer0 of cb2 is down', runbook_url: 'docs/monitoring.md#node-down' },
      startsAt: '2026-12-01T13:30:05.123Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.4:9090/graph',
      fingerprint: '5a1e4d2f9c3b7e10',
    },
    {
      status: 'resolved',
      labels: { alertname: 'NodeDown', member: 'cb2', job: 'orderer-cb2', node: 'orderer0', severity: 'critical', team: 'operations' },
      annotations: { summary: 'orderer0 of cb2 is down' },
      startsAt: '2026-12-01T13:20:05.000Z',
      endsAt: '2026-12-01T13:25:35.000Z',
      generatorURL: 'http://127.0.0.4:9090/graph',
      fingerprint: '0b9f6e3a1d2c4b58',
    },
  ],
};

describe('monitoring: the local alert receiver', () => {
  let server: Server;
  let url: string;
  let dir: string;
  let log: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alert-receiver-'));
    log = join(dir, 'alerts.log');
    server = await startReceiver('127.0.0.1', 0, log);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes each alert of a webhook notification as one JSON line, firing and resolved', async () => {
    const response = await fetch(`${url}/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ logged: 2 });
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).to.have.length(2);
    expect(lines[0]).to.include({ receiver: 'local', status: 'firing', alertname: 'NodeDown', startsAt: '2026-12-01T13:30:05.123Z', fingerprint: '5a1e4d2f9c3b7e10' });
    expect(lines[0]?.labels).to.deep.equal(payload.alerts[0]?.labels);
    expect(lines[1]).to.include({ status: 'resolved', endsAt: '2026-12-01T13:25:35.000Z' });
    expect(Date.parse(String(lines[0]?.receivedAt))).to.be.closeTo(Date.now(), 10_000);
  });

  it('refuses what is not an Alertmanager webhook and leaves the log unchanged', async () => {
    const before = readFileSync(log, 'utf8');
    const notJson = await fetch(`${url}/alerts`, { method: 'POST', body: '{"alerts": [' });
    expect(notJson.status).to.equal(400);
    const noAlerts = await fetch(`${url}/alerts`, { method: 'POST', body: '{"status": "firing"}' });
    expect(noAlerts.status).to.equal(400);
    expect(((await noAlerts.json()) as { error: string }).error).to.match(/no "alerts" array/);
    expect((await fetch(`${url}/alerts`)).status).to.equal(405);
    expect((await fetch(`${url}/other`, { method: 'POST', body: '{}' })).status).to.equal(404);
    expect(readFileSync(log, 'utf8')).to.equal(before);
  });

  it('answers its health check', async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'OK' });
  });

  it('maps a payload without optional fields to empty values, and throws on a body that is not an object', () => {
    const [line] = alertLines({ alerts: [{ labels: { alertname: 'X' } }] }, new Date(0));
    expect(line).to.deep.equal({ receivedAt: '1970-01-01T00:00:00.000Z', receiver: '', status: '', alertname: 'X', labels: { alertname: 'X' }, annotations: {}, startsAt: '', endsAt: '', fingerprint: '' });
    expect(() => alertLines(null, new Date())).to.throw(/not a JSON object/);
    expect(existsSync(log)).to.equal(true);
  });
});
