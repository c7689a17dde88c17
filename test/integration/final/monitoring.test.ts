// Each member's monitoring on the real network (docs/monitoring.md): its own Prometheus scrapes
// every one of its targets, the dashboards' queries answer against it, a request counter counts
// exactly, and real faults — a peer stopped, the Raft leader stopped, then a second orderer —
// reach the member's Alertmanager and its local receiver's alerts.log within the rule's `for`
// plus two scrape intervals, and resolve once the nodes are back. Runs first of the final suites:
// it stops nodes, and the leader-change alert needs ten quiet minutes before it (no leader change
// since the network came up).
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { expect } from 'chai';
import { chromium, type Browser } from 'playwright-core';
import { parse } from 'yaml';
import { ifAssigned } from '../../support/defined';
import { alertRule, consoleDrilldownQueries, consoleGraphQueries, dashboard, seconds } from '../../support/monitoring';
import { apiKey, call, gatewayOf } from '../support/http';
import { endorsementPlanReady, orderingReady, requireNetwork, ROOT, script, topology } from '../support/network';

const RUN = join(ROOT, 'run');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const founders = topology.orgs.map((o) => o.name);
const run = randomUUID().slice(0, 8);

interface ScrapeConfig { job_name: string; static_configs?: { targets: string[] }[]; tls_config?: { cert_file?: string } }
interface PrometheusConfig { global: { scrape_interval: string }; scrape_configs: ScrapeConfig[] }

/** The member's rendered prometheus.yml (scripts/lib/monitoring.sh). */
function prometheusConfig(org: string): PrometheusConfig {
  return parse(readFileSync(join(RUN, org, 'monitoring', 'prometheus.yml'), 'utf8')) as PrometheusConfig;
}

/** The member's Prometheus, as its own configuration scrapes it. */
function prometheusOf(org: string): string {
  const job = prometheusConfig(org).scrape_configs.find((j) => j.job_name === `prometheus-${org}`);
  const target = job?.static_configs?.[0]?.targets[0];
  if (target === undefined) throw new Error(`run/${org}/monitoring/prometheus.yml has no prometheus-${org} job`);
  return `http://${target}`;
}

const scrapeInterval = (org: string): number => seconds(prometheusConfig(org).global.scrape_interval);

interface Sample { metric: Record<string, string>; value: [number, string] }

async function promApi<T>(org: string, path: string, params: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${prometheusOf(org)}${path}?${new URLSearchParams(params).toString()}`);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${path} ${JSON.stringify(params)} at ${org}'s Prometheus: ${body.error ?? response.status}`);
  return body.data;
}

async function query(org: string, expr: string): Promise<Sample[]> {
  return (await promApi<{ result: Sample[] }>(org, '/api/v1/query', { query: expr })).result;
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last === undefined ? '' : ` (last error: ${last instanceof Error ? last.toString() : inspect(last)})`}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** One line of run/<org>/monitoring/alerts.log (monitoring/receiver/alert-receiver.ts). */
interface LoggedAlert { receivedAt: string; status: string; alertname: string; labels: Record<string, string>; fingerprint: string }

function alertsLog(org: string): LoggedAlert[] {
  const file = join(RUN, org, 'monitoring', 'alerts.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as LoggedAlert);
}

/** Waits for the first notification at org's receiver received after `since` that matches. */
async function notified(org: string, since: number, timeoutMs: number, match: (a: LoggedAlert) => boolean, what: string): Promise<LoggedAlert> {
  return waitFor(`${what} in run/${org}/monitoring/alerts.log`, timeoutMs, async () =>
    alertsLog(org).find((a) => Date.parse(a.receivedAt) >= since && match(a)));
}

/** Waits until no alert `name` is pending or firing at org's Prometheus. */
async function quiet(org: string, name: string, timeoutMs: number): Promise<void> {
  await waitFor(`no ${name} active at ${org}'s Prometheus (an earlier fault must have resolved first)`, timeoutMs, async () =>
    (await query(org, `ALERTS{alertname="${name}"}`)).length === 0);
}

/** The member whose orderer leads Raft, from each member's own Prometheus (is_leader of its own orderer). */
async function raftLeader(): Promise<string | undefined> {
  for (const org of founders) {
    if ((await query(org, `consensus_etcdraft_is_leader{job="orderer-${org}"} == 1`)).length > 0) return org;
  }
  return undefined;
}

describe('monitoring: each member\'s Prometheus and Alertmanager on the real network', function () {
  this.timeout(900_000);

  before(async function () {
    await requireNetwork(this);
    for (const org of founders) {
      if (!existsSync(join(RUN, org, 'monitoring', 'prometheus.yml'))) {
        throw new Error(`${org} has no monitoring: scripts/network.sh up starts it unless --no-monitoring was given`);
      }
    }
  });

  it('every scrape target of every member\'s Prometheus is up, and every TLS endpoint and consenter answers its probe', async () => {
    for (const org of founders) {
      const jobs = prometheusConfig(org).scrape_configs.map((j) => j.job_name);
      for (const job of [`peer-${org}`, `orderer-${org}`, `gateway-${org}`, `ca-${org}`, `node-${org}`, `blackbox-${org}`, `consenters-${org}`, `prometheus-${org}`, `alertmanager-${org}`, `blackbox-exporter-${org}`]) {
        expect(jobs, `${org} scrapes ${job}`).to.include(job);
      }
      // Fabric's operations endpoints are scraped with Prometheus' own certificate from the member's CA
      for (const job of prometheusConfig(org).scrape_configs.filter((j) => /^(peer|orderer)-/.test(j.job_name))) {
        expect(job.tls_config?.cert_file, job.job_name).to.equal(join(RUN, org, 'monitoring', 'tls', 'server.crt'));
      }
      const targets = await waitFor(`every target of ${org}'s Prometheus scraped up`, (2 * scrapeInterval(org) + 30) * 1000, async () => {
        const data = await promApi<{ activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] }>(org, '/api/v1/targets', { state: 'active' });
        return data.activeTargets.every((t) => t.health === 'up') ? data.activeTargets : undefined;
      });
      expect(targets.length, `${org}'s targets`).to.be.greaterThan(15);
      // a probe that fails once under load (a TLS handshake past its timeout) recovers at the next
      // scrape; one that still fails after two scrape intervals is listed by the assertion below
      const probes = await waitFor(`every probe of ${org}'s blackbox succeeding`, (2 * scrapeInterval(org) + 30) * 1000, async () => {
        const answer = await query(org, 'probe_success');
        return answer.length > 0 && answer.every((p) => p.value[1] === '1') ? answer : undefined;
      }).catch(() => query(org, 'probe_success'));
      expect(probes.filter((p) => p.value[1] !== '1').map((p) => p.metric.instance), `${org}'s failed probes`).to.deep.equal([]);
      expect(probes.filter((p) => p.metric.component === 'consenter')).to.have.length(founders.length);
    }
  });

  it('every dashboard panel and console graph query is valid against the running Prometheus, and the key ones return series', async () => {
    const org = 'cb1';
    // Some traffic first: Fabric's and the gateway's counters appear with their first commit
    // after a start, and a rate needs two scrapes of them.
    const recorder = apiKey(org, 'recorder1');
    for (let i = 0; i < 3; i++) {
      const ref = `monitoring-${run}-${i}`;
      const answer = await call(org, 'POST', '/v1/evidence', { key: recorder, body: { clientRef: ref, kind: 'AUDIT_REPORT', subject: { uscc: '91350100M000100Y43' }, digest: { alg: 'sha256', value: createHash('sha256').update(ref).digest('hex') } } });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    }
    const optional = /gateway errors/i;
    for (const panel of dashboard.panels) {
      for (const [i, target] of panel.targets.entries()) {
        if (i === 0 && !optional.test(panel.title)) {
          await waitFor(`${panel.title}: ${target.expr} to return series at ${org}`, (3 * scrapeInterval(org) + 30) * 1000, async () => (await query(org, target.expr)).length > 0);
        } else {
          await query(org, target.expr);
        }
      }
    }
    for (const expr of [...consoleGraphQueries(), ...consoleDrilldownQueries()]) await query(org, expr.replace(/'/g, '"'));
    // the gateway's own series the rules read
    for (const expr of [
      'certledger_gateway_http_request_duration_seconds_count', 'certledger_gateway_identity_expiry_timestamp_seconds',
      'certledger_gateway_event_checkpoint_block', 'certledger_gateway_ready == 1', 'ledger_blockchain_height{component="peer"}',
      'consensus_etcdraft_is_leader', 'node_filesystem_avail_bytes{volume="ledger"}', 'probe_ssl_earliest_cert_expiry',
    ]) {
      expect((await query(org, expr)).length, expr).to.be.greaterThan(0);
    }
  });

  it('N requests through a gateway are exactly N more in the request counter Prometheus scraped', async () => {
    const org = 'cb1';
    const N = 25;
    const counter = `sum(certledger_gateway_http_request_duration_seconds_count{job="gateway-${org}",route="/healthz"}) or vector(0)`;
    const scrapedAfter = async (at: number): Promise<number> => {
      await waitFor(`a scrape of gateway-${org} after ${new Date(at).toISOString()}`, (2 * scrapeInterval(org) + 10) * 1000, async () => {
        const [sample] = await query(org, `timestamp(up{job="gateway-${org}"})`);
        return sample !== undefined && Number(sample.value[1]) * 1000 > at;
      });
      const [sample] = await query(org, counter);
      return Number(sample?.value[1] ?? 0);
    };
    const before = await scrapedAfter(Date.now());
    for (let i = 0; i < N; i++) {
      const response = await fetch(`${gatewayOf(org)}/healthz`);
      expect(response.status).to.equal(200);
      await response.arrayBuffer();
    }
    const after = await scrapedAfter(Date.now());
    expect(after - before).to.equal(N);
  });

  it('a stopped peer fires NodeDown at the member\'s receiver within its `for` plus two scrape intervals, and its restart resolves it', async () => {
    const org = 'cb2';
    const job = `peer-${org}`;
    const limit = seconds(alertRule('NodeDown').for) + 2 * scrapeInterval(org);
    await quiet(org, 'NodeDown', 180_000);
    const stopAsked = Date.now();
    script('member.sh', 'stop', org, job);
    // the node is down once the stop has returned: its process has exited (a peer takes a moment to close its ledger)
    const stoppedAt = Date.now();
    const fired = await notified(org, stopAsked, (limit + 60) * 1000, (a) => a.alertname === 'NodeDown' && a.status === 'firing' && a.labels.job === job, `NodeDown firing for ${job}`);
    const elapsed = (Date.parse(fired.receivedAt) - stoppedAt) / 1000;
    console.log(`      NodeDown for ${job} at the receiver ${elapsed.toFixed(1)} s after the peer stopped (limit ${limit} s; the stop took ${((stoppedAt - stopAsked) / 1000).toFixed(1)} s)`);
    expect(fired.labels).to.include({ member: org, severity: 'critical', team: 'operations', node: 'peer0' });
    expect(elapsed).to.be.at.most(limit);
    const startedAt = Date.now();
    script('member.sh', 'start', org, job);
    const resolved = await notified(org, startedAt, 240_000, (a) => a.alertname === 'NodeDown' && a.status === 'resolved' && a.fingerprint === fired.fingerprint, `NodeDown resolved for ${job}`);
    console.log(`      resolved ${((Date.parse(resolved.receivedAt) - startedAt) / 1000).toFixed(1)} s after the restart`);
    await endorsementPlanReady();
  });

  it('stopping the Raft leader fires RaftLeaderChanged, and with two orderers stopped RaftNoLeader; both restarted resolve it', async function () {
    this.timeout(1_500_000);
    const leader = await waitFor('a Raft leader', 60_000, raftLeader);
    const [watcher, second] = founders.filter((o) => o !== leader) as [string, string];
    // the alert looks back 10 minutes: an earlier leader change must have aged out first
    await quiet(watcher, 'RaftLeaderChanged', 720_000);
    await quiet(watcher, 'RaftNoLeader', 180_000);
    const changeLimit = seconds(alertRule('RaftLeaderChanged').for) + 2 * scrapeInterval(watcher);
    const stoppedAt = Date.now();
    script('member.sh', 'stop', leader, `orderer-${leader}`);
    try {
      const changed = await notified(watcher, stoppedAt, (changeLimit + 90) * 1000, (a) => a.alertname === 'RaftLeaderChanged' && a.status === 'firing', 'RaftLeaderChanged firing');
      const changeElapsed = (Date.parse(changed.receivedAt) - stoppedAt) / 1000;
      // a new leader is elected within Raft's election timeout (a few seconds) of the stop
      console.log(`      RaftLeaderChanged at ${watcher}'s receiver ${changeElapsed.toFixed(1)} s after the leader (${leader}) stopped`);
      expect(changed.labels).to.include({ member: watcher, channel: topology.channel, severity: 'warning' });
      expect(changeElapsed).to.be.at.most(changeLimit + 15);

      const noLeaderLimit = seconds(alertRule('RaftNoLeader').for) + 2 * scrapeInterval(watcher);
      const secondStoppedAt = Date.now();
      script('member.sh', 'stop', second, `orderer-${second}`);
      const lost = await notified(watcher, secondStoppedAt, (noLeaderLimit + 60) * 1000, (a) => a.alertname === 'RaftNoLeader' && a.status === 'firing', 'RaftNoLeader firing');
      const lostElapsed = (Date.parse(lost.receivedAt) - secondStoppedAt) / 1000;
      console.log(`      RaftNoLeader at ${watcher}'s receiver ${lostElapsed.toFixed(1)} s after the second orderer (${second}) stopped (limit ${noLeaderLimit} s)`);
      expect(lost.labels).to.include({ member: watcher, channel: topology.channel, severity: 'critical' });
      expect(lostElapsed).to.be.at.most(noLeaderLimit);

      const restartedAt = Date.now();
      script('member.sh', 'start', leader, `orderer-${leader}`);
      script('member.sh', 'start', second, `orderer-${second}`);
      await notified(watcher, restartedAt, 240_000, (a) => a.alertname === 'RaftNoLeader' && a.status === 'resolved' && a.fingerprint === lost.fingerprint, 'RaftNoLeader resolved');
    } finally {
      // whatever failed above, the later suites get every orderer back
      for (const org of [leader, second]) script('member.sh', 'start', org, `orderer-${org}`);
    }
    await waitFor('a Raft leader again', 120_000, raftLeader);
    await endorsementPlanReady();
    // the later suites write at once: every member's peer must get a transaction ordered again
    await orderingReady();
  });

  describe('the console page in headless Chromium', () => {
    let browser: Browser;

    before(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (scripts/install-fabric.sh does)`);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    });

    after(async () => {
      await ifAssigned(browser)?.close();
    });

    it('draws every graph with data and the summary table from the member\'s Prometheus', async () => {
      const org = 'cb1';
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      // the last 15 minutes (the console libraries' time control reads it from the URL's hash)
      await page.goto(`${prometheusOf(org)}/consoles/certledger.html#pctc${encodeURIComponent(JSON.stringify({ duration: 900, endTime: 0 }))}`);
      const graphs = dashboard.panels.length;
      // (the page's own DOM, read in the browser: this project's TypeScript has no DOM types)
      await page.waitForFunction(`document.querySelectorAll('.rickshaw_graph svg, .prom_graph_error').length >= ${graphs}`, undefined, { timeout: 60_000 });
      const errors = await page.evaluate<string[]>(`[...document.querySelectorAll('.prom_graph_error')].map((n) =>
        (n.closest('.col-lg-6')?.querySelector('h3')?.textContent ?? '?') + ': ' + n.textContent)`);
      expect(errors.filter((e) => /Error loading data/.test(e)), 'graphs whose queries failed').to.deep.equal([]);
      expect(errors.filter((e) => !/business events|gateway errors/i.test(e)), 'key graphs without series').to.deep.equal([]);
      const table = await page.evaluate<string>(`document.querySelector('.prom_console_rhs')?.textContent ?? document.body.textContent`);
      const up = /Targets up\s*(\d+)\s*\/\s*(\d+)/.exec(table);
      expect(up, table).to.not.equal(null);
      expect(up?.[1], 'every target up').to.equal(up?.[2]);
      const shot = join(RUN, org, 'monitoring', 'console.png');
      await page.screenshot({ path: shot, fullPage: true });
      chmodSync(shot, 0o600); // private like everything in the member's folder
      console.log(`      screenshot: ${shot.slice(ROOT.length + 1)}`);
    });
  });
});
