// The alert rules (monitoring/rules/*.yml), their promtool tests, and each member's rendered
// Prometheus, blackbox-exporter and Alertmanager configuration, checked by the real promtool,
// amtool and blackbox-exporter. docs/monitoring.md has one section per alert.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { MONITORING, ROOT, expectSuccess, installed, requireTool, run } from './promtool';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: unknown[];
}
interface TestFile {
  rule_files: string[];
  evaluation_interval?: string;
  tests: { alert_rule_test?: AlertTest[] }[];
}

const RULES = join(MONITORING, 'rules');
const TESTS = join(MONITORING, 'tests');
const ruleFiles = readdirSync(RULES).filter((f) => f.endsWith('.yml')).sort();
const testFiles = readdirSync(TESTS).filter((f) => f.endsWith('.test.yml')).sort();

function alerts(): Rule[] {
  return ruleFiles.flatMap((file) =>
    (parse(readFileSync(join(RULES, file), 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules),
  );
}

/** promtool's durations as the tests use them (1h, 10m, 90s, 1h30m) in seconds. */
function seconds(duration: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
  let total = 0;
  for (const [, n, unit] of duration.matchAll(/(\d+)([smhd])/g)) total += Number(n) * (units[unit as string] as number);
  return total;
}

describe('monitoring: alert rules', function () {
  this.timeout(60_000);

  it('every rule is an alert with a threshold, a for duration, severity and team, a summary and its runbook section', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'monitoring.md'), 'utf8');
    const anchors = new Set(
      [...docs.matchAll(/^#+ (.+)$/gm)].map((m) => (m[1] as string).toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')),
    );
    const all = alerts();
    expect(all.length).to.be.greaterThan(10);
    for (const rule of all) {
      const name = rule.alert ?? `record ${rule.record}`;
      expect(rule.alert, `${name} is an alert`).to.be.a('string');
      // a number, or the Raft majority of the consenters probed (floor(n / 2) + 1)
      expect(rule.expr, `${name}: an explicit threshold`).to.match(/(==|!=|>=|<=|>|<)\s*([-\d.]|floor\(count)/);
      expect(rule.for, `${name}: a for duration`).to.match(/^\d+[smh]$/);
      expect(rule.labels?.severity, `${name}: severity`).to.be.oneOf(['warning', 'critical']);
      expect(rule.labels?.team, `${name}: team`).to.match(/^[a-z]+$/);
      expect(rule.annotations?.summary, `${name}: summary`).to.be.a('string').and.not.equal('');
      const url = rule.annotations?.runbook_url ?? '';
      expect(url, `${name}: runbook_url`).to.match(/^docs\/monitoring\.md#[a-z0-9-]+$/);
      expect(anchors.has(url.split('#')[1] as string), `${name}: docs/monitoring.md has a section #${url.split('#')[1]}`).to.equal(true);
    }
  });

  it('pass promtool check rules', function () {
    requireTool(this, 'promtool', 'prometheus');
    expectSuccess(run('promtool', ['check', 'rules', ...ruleFiles.map((f) => join(RULES, f))]), 'promtool check rules');
  });

  it('each rule has a promtool case that fires at its for boundary and one that does not, an evaluation interval earlier', () => {
    const cases = new Map<string, { firing: number[]; silent: number[] }>();
    for (const file of testFiles) {
      const spec = parse(readFileSync(join(TESTS, file), 'utf8')) as TestFile;
      const interval = seconds(spec.evaluation_interval ?? '1m');
      for (const test of spec.tests) {
        for (const check of test.alert_rule_test ?? []) {
          const entry = cases.get(check.alertname) ?? { firing: [], silent: [] };
          (check.exp_alerts.length > 0 ? entry.firing : entry.silent).push(seconds(check.eval_time));
          cases.set(check.alertname, entry);
        }
      }
      for (const [name, entry] of cases) {
        for (const at of entry.firing) {
          expect(entry.silent, `${name} (${file}): a case at ${at - interval}s, one interval before it fires at ${at}s`).to.include(at - interval);
        }
      }
    }
    for (const rule of alerts()) {
      const entry = cases.get(rule.alert as string);
      expect(entry?.firing, `${rule.alert}: a case where it fires`).to.not.have.lengthOf(0);
      expect(entry?.silent, `${rule.alert}: a case where it does not`).to.not.have.lengthOf(0);
    }
  });

  it('pass promtool test rules (every firing and non-firing case)', function () {
    requireTool(this, 'promtool', 'prometheus');
    expect(testFiles).to.not.have.lengthOf(0);
    const result = run('promtool', ['test', 'rules', ...testFiles], TESTS);
    expectSuccess(result, 'promtool test rules');
    expect(result.stdout.match(/SUCCESS/g) ?? []).to.have.length(testFiles.length);
  });
});

describe('monitoring: a member\'s rendered configuration', function () {
  this.timeout(60_000);
  let runDir: string;
  let out: string;

  before(() => {
    runDir = mkdtempSync(join(tmpdir(), 'monitoring-run-'));
    out = join(runDir, 'cb1', 'monitoring');
    // promtool check config wants every TLS file it is given to exist: stand-ins for cb1's node
    // TLS pairs, Prometheus' client pair and the TLS CA. cb1's second peer counts as added (its
    // folder exists); its second orderer as added and then removed (its folder is marked retired).
    for (const node of ['peers/peer0', 'peers/peer1', 'orderers/orderer0', 'orderers/orderer1', 'monitoring']) {
      mkdirSync(join(runDir, 'cb1', node, 'tls'), { recursive: true });
      for (const f of ['ca.crt', 'server.crt', 'server.key']) writeFileSync(join(runDir, 'cb1', node, 'tls', f), '');
    }
    writeFileSync(join(runDir, 'cb1', 'orderers', 'orderer1', 'retired'), '2026-12-01T00:00:00Z\n');
    mkdirSync(join(runDir, 'cb1', 'msp', 'tlscacerts'), { recursive: true });
    writeFileSync(join(runDir, 'cb1', 'msp', 'tlscacerts', 'ca.pem'), '');
    const script = `set -euo pipefail; source scripts/lib/member.sh; render_prometheus_config cb1 "${out}"; render_alertmanager_config cb1 "${out}"`;
    const result = spawnSync('bash', ['-c', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CERTLEDGER_RUN_DIR: runDir, CERTLEDGER_ALERT_WEBHOOK_URL: 'https://ops.cb1.example/hooks/certledger' },
    });
    expect(result.status, result.stderr).to.equal(0);
  });
  after(() => rmSync(runDir, { recursive: true, force: true }));

  it('scrapes every node of cb1 with Prometheus\' own TLS pair, the gateway, the CA, node-exporter and every TLS endpoint', () => {
    const config = parse(readFileSync(join(out, 'prometheus.yml'), 'utf8')) as {
      global: { external_labels: Record<string, string>; scrape_interval: string; evaluation_interval: string };
      rule_files: string[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
      scrape_configs: {
        job_name: string;
        scheme?: string;
        tls_config?: Record<string, string>;
        static_configs: { targets: string[]; labels: Record<string, string> }[];
      }[];
    };
    expect(config.global.external_labels.member).to.equal('cb1');
    expect(config.global).to.include({ scrape_interval: '15s', evaluation_interval: '5s' });
    expect(config.rule_files).to.deep.equal([join(MONITORING, 'rules', '*.yml')]);
    expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).to.deep.equal(['127.0.0.3:9093']);
    const job = (name: string) => config.scrape_configs.find((j) => j.job_name === name);
    for (const [name, kind, node, target] of [
      ['peer-cb1', 'peers', 'peer0', '127.0.0.3:18051'],
      ['peer-cb1-peer1', 'peers', 'peer1', '127.0.0.3:18056'],
      ['orderer-cb1', 'orderers', 'orderer0', '127.0.0.3:18050'],
    ] as const) {
      const j = job(name);
      expect(j?.scheme, name).to.equal('https');
      // Prometheus' own identity from cb1's CA, never a node's key
      expect(j?.tls_config).to.deep.equal({
        ca_file: join(runDir, 'cb1', 'monitoring', 'tls', 'ca.crt'),
        cert_file: join(runDir, 'cb1', 'monitoring', 'tls', 'server.crt'),
        key_file: join(runDir, 'cb1', 'monitoring', 'tls', 'server.key'),
      });
      expect(j?.static_configs[0]?.targets).to.deep.equal([target]);
      expect(j?.static_configs[0]?.labels).to.deep.equal({ member: 'cb1', component: kind.slice(0, -1), node });
    }
    expect(job('orderer-cb1-orderer1'), 'an orderer cb1 removed is not scraped').to.equal(undefined);
    expect(job('gateway-cb1')?.static_configs[0]?.targets, 'the gateway\'s operations listener').to.deep.equal(['127.0.0.3:18080']);
    expect(job('ca-cb1')?.static_configs[0]?.targets).to.deep.equal(['127.0.0.3:18054']);
    expect(job('node-cb1')?.static_configs[0]?.targets).to.deep.equal(['127.0.0.3:9100']);
    const probed = (job('blackbox-cb1')?.static_configs ?? []).flatMap((s) => s.targets);
    expect(probed).to.have.members([
      '127.0.0.3:8050', '127.0.0.3:8053', '127.0.0.3:18050', // orderer: service, admin, operations
      '127.0.0.3:8051', '127.0.0.3:18051', '127.0.0.3:8056', '127.0.0.3:18056', // peers
      '127.0.0.3:8054', // CA
      '127.0.0.3:8052', // chaincode server
    ]);
    // every founder's consenter, each probed with the module that trusts its member's TLS CA
    const consenters = job('consenters-cb1')?.static_configs ?? [];
    for (const c of consenters) expect(c.labels.channel).to.equal('certchannel');
    expect(consenters.map((s) => [s.targets[0], s.labels.owner, s.labels.__param_module])).to.deep.equal([
      ['127.0.0.2:7050', 'regulator', 'consenter_regulator'],
      ['127.0.0.3:8050', 'cb1', 'consenter_cb1'],
      ['127.0.0.4:9050', 'cb2', 'consenter_cb2'],
    ]);
    // of another member, cb1 scrapes nothing and probes only the consenters
    const others = config.scrape_configs.filter((j) => j.job_name !== 'consenters-cb1');
    expect(JSON.stringify(others)).to.not.match(/127\.0\.0\.[245]|\/(regulator|cb2|ab)\//);
  });

  it('passes promtool check config (with the rule files it names)', function () {
    requireTool(this, 'promtool', 'prometheus');
    expectSuccess(run('promtool', ['check', 'config', join(out, 'prometheus.yml')]), 'promtool check config');
  });

  it('blackbox.yml trusts the member\'s TLS CA for its own endpoints and each consenter\'s published one, and passes blackbox-exporter --config.check', function () {
    if (!installed('prometheus-blackbox-exporter')) {
      requireTool(this, 'prometheus-blackbox-exporter', 'prometheus-blackbox-exporter');
    }
    const result = run('prometheus-blackbox-exporter', ['--config.check', `--config.file=${join(out, 'blackbox.yml')}`]);
    expectSuccess(result, 'blackbox-exporter --config.check');
    const blackbox = parse(readFileSync(join(out, 'blackbox.yml'), 'utf8')) as { modules: Record<string, { tcp: { tls_config: { ca_file: string } } }> };
    expect(blackbox.modules.certledger_tls?.tcp.tls_config.ca_file).to.equal(join(runDir, 'cb1', 'msp', 'tlscacerts', 'ca.pem'));
    for (const owner of ['regulator', 'cb1', 'cb2']) {
      expect(blackbox.modules[`consenter_${owner}`]?.tcp.tls_config.ca_file, owner).to.equal(join(runDir, 'exchange', 'orgs', owner, 'msp', 'tlscacerts', 'ca.pem'));
    }
  });

  it('alertmanager.yml routes to the member\'s webhook and the local receiver, grouped by alert name and member, and passes amtool check-config', function () {
    const config = parse(readFileSync(join(out, 'alertmanager.yml'), 'utf8')) as {
      route: { receiver: string; group_by: string[]; routes: { receiver: string; matchers?: string[]; continue?: boolean }[] };
      receivers: { name: string; webhook_configs: { url: string }[] }[];
    };
    expect(config.route.group_by).to.deep.equal(['alertname', 'member']);
    expect(config.route.receiver).to.equal('local');
    expect(config.route.routes[0]).to.deep.include({ receiver: 'local', continue: true });
    expect(config.route.routes.find((r) => r.matchers?.includes('severity="critical"'))?.receiver).to.equal('member-webhook');
    expect(config.route.routes.some((r) => r.matchers?.some((m) => m.startsWith('team=')))).to.equal(true);
    const url = (name: string) => config.receivers.find((r) => r.name === name)?.webhook_configs[0]?.url;
    expect(url('member-webhook')).to.equal('https://ops.cb1.example/hooks/certledger');
    expect(url('local')).to.equal('http://127.0.0.3:9095/alerts');
    if (!installed('amtool')) {
      requireTool(this, 'amtool', 'prometheus-alertmanager');
    }
    expectSuccess(run('amtool', ['check-config', join(out, 'alertmanager.yml')]), 'amtool check-config');
  });
});
