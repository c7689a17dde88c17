// The Grafana dashboard (monitoring/dashboards/certledger.json) and the Prometheus console page
// (rendered from monitoring/console.html.tmpl and the dashboard): the panels the operator needs are there, and every query
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

  it('the console page, rendered for a member, uses the console libraries and draws each dashboard panel in order: its title, queries and legends', () => {
    expect(consolePage).to.include('{{ template "head" . }}');
    expect(consolePage).to.include('{{ template "tail" }}');
    expect(consolePage).to.include('prom_query_drilldown');
    expect(consolePage).to.not.include('@@');
    const graphs = [...consolePage.matchAll(/<h3>(.*)<\/h3>[\s\S]*?name: (\[.*\]),\n\s*expr: (\[.*\]),/g)].map((m) => ({
      title: (m[1] as string).replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
      names: JSON.parse(m[2] as string) as string[],
      exprs: JSON.parse(m[3] as string) as string[],
    }));
    expect(graphs).to.have.length((consolePage.match(/new PromConsole\.Graph\(/g) ?? []).length);
    const panels = [...dashboard.panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
    expect(graphs).to.deep.equal(
      panels.map((panel) => ({
        title: panel.title,
        names: panel.targets.map((t) => (t.legendFormat ?? '').replace(/\{\{ *(\w+) *\}\}/g, '[[$1]]')),
        exprs: panel.targets.map((t) => t.expr),
      })),
    );
  });

  it('every console graph and drilldown query is valid PromQL (promtool)', function () {
    requireTool(this, 'promtool', 'prometheus');
    const queries = consoleQueries();
    expect(queries.length).to.be.greaterThan(dashboard.panels.length);
    checkPromQL(queries, 'console page');
  });
});
