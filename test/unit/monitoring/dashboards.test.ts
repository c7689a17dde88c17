// The Grafana dashboard (monitoring/dashboards/certledger.json) and the Prometheus console page
// (monitoring/consoles/certledger.html): the panels the operator needs are there, and every query
// of both is valid PromQL, as the real promtool parses it (each written as a recording rule of a
// throwaway rule file). That the key ones return series is checked against the members' running
// Prometheus by test/integration/final/monitoring.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { consolePage, consoleQueries, dashboard } from '../../support/monitoring';
import { requireTool, run } from './promtool';

/** Fails naming the first query promtool refuses. */
function checkPromQL(queries: string[], what: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'promql-'));
  try {
    queries.forEach((expr, i) => {
      const file = join(dir, `q${i}.yml`);
      writeFileSync(file, stringify({ groups: [{ name: 'check', rules: [{ record: `certledger:check:q${i}`, expr }] }] }));
      const result = run('promtool', ['check', 'rules', file]);
      if (result.status !== 0) throw new Error(`${what}: not valid PromQL: ${expr}\n${result.stdout}${result.stderr}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('monitoring: dashboards', function () {
  this.timeout(120_000);

  it('the Grafana dashboard has the panels the operator needs (docs/monitoring.md "Dashboards"), each with at least one query', () => {
    const titles = dashboard.panels.map((p) => p.title.toLowerCase());
    for (const wanted of [
      /block height per peer/,
      /transactions per second/,
      /endorse latency p50 \/ p99/,
      /commit latency p50 \/ p99/,
      /commit status by validation code/,
      /raft leader and leader changes/,
      /gateway request rate/,
      /gateway latency/,
      /gateway errors/,
      /business events/,
      /cpu per process/,
      /memory per process/,
      /certificate expiry/,
    ]) {
      expect(titles.some((t) => wanted.test(t)), `a panel ${wanted}`).to.equal(true);
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).to.equal(dashboard.panels.length);
    for (const panel of dashboard.panels) expect(panel.targets, panel.title).to.not.have.lengthOf(0);
  });

  it('every panel query of the Grafana dashboard is valid PromQL (promtool)', function () {
    requireTool(this, 'promtool', 'prometheus');
    checkPromQL(dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), 'dashboard');
  });

  it('the console page uses the console libraries and draws the same graphs as the dashboard', () => {
    expect(consolePage).to.include('{{ template "head" . }}');
    expect(consolePage).to.include('{{ template "tail" }}');
    expect(consolePage).to.include('prom_query_drilldown');
    const graphs = (consolePage.match(/new PromConsole\.Graph\(/g) ?? []).length;
    expect(graphs).to.equal(dashboard.panels.length);
    // the page writes PromQL's strings in single quotes (its queries sit in JavaScript strings)
    const onPage = new Set(consoleQueries().map((q) => q.replace(/'/g, '"')));
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) expect(onPage.has(target.expr.replace(/'/g, '"')), `${panel.title}: ${target.expr} on the console page`).to.equal(true);
    }
  });

  it('every console graph and drilldown query is valid PromQL (promtool)', function () {
    requireTool(this, 'promtool', 'prometheus');
    const queries = consoleQueries();
    expect(queries.length).to.be.greaterThan(dashboard.panels.length);
    checkPromQL(queries, 'console page');
  });
});
