// What the monitoring suites read from monitoring/: the alert rules, the Grafana dashboard's and the
// console page's PromQL, and durations in Prometheus' notation. Shared by the unit suites (promtool)
// and the integration suite (the members' running Prometheus).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const MONITORING = join(__dirname, '..', '..', 'monitoring');

export interface Panel {
  id: number;
  title: string;
  type: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: { refId: string; expr: string; legendFormat?: string }[];
}

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export const dashboard = JSON.parse(readFileSync(join(MONITORING, 'dashboards', 'certledger.json'), 'utf8')) as { uid: string; panels: Panel[] };

/** The console page as scripts/lib/monitoring.sh renders it into a member's folder. */
function renderedConsolePage(): string {
  const out = mkdtempSync(join(tmpdir(), 'certledger-console-'));
  try {
    const render = spawnSync('bash', ['-c', 'set -euo pipefail; source scripts/lib/member.sh; render_console_page "$1"', 'bash', out], {
      cwd: join(MONITORING, '..'),
      encoding: 'utf8',
    });
    if (render.status !== 0) throw new Error(`render_console_page failed: ${render.stderr}`);
    return readFileSync(join(out, 'consoles', 'certledger.html'), 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
export const consolePage = renderedConsolePage();

/** The PromQL of every PromConsole.Graph (expr: ["…", …],) of the console page. */
export function consoleGraphQueries(): string[] {
  return [...consolePage.matchAll(/^\s*expr: (\[.*\]),$/gm)].flatMap((m) => JSON.parse(m[1] as string) as string[]);
}

/** The PromQL of every prom_query_drilldown of the console page's table. */
export function consoleDrilldownQueries(): string[] {
  return [...consolePage.matchAll(/prom_query_drilldown" \(args "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string);
}

export function consoleQueries(): string[] {
  return [...consoleGraphQueries(), ...consoleDrilldownQueries()];
}

/** Every alert rule of monitoring/rules/*.yml. */
export function alertRules(): AlertRule[] {
  return readdirSync(join(MONITORING, 'rules'))
    .filter((f) => f.endsWith('.yml'))
    .flatMap((f) => (parse(readFileSync(join(MONITORING, 'rules', f), 'utf8')) as { groups: { rules: AlertRule[] }[] }).groups.flatMap((g) => g.rules));
}

export function alertRule(name: string): AlertRule {
  const rule = alertRules().find((r) => r.alert === name);
  if (rule === undefined) throw new Error(`no alert rule ${name} in monitoring/rules`);
  return rule;
}

/** Seconds of a Prometheus duration such as 15s, 1m, 1h30m. */
export function seconds(duration: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  const parts = [...duration.matchAll(/(\d+)(ms|[smhdwy])/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) throw new Error(`not a Prometheus duration: ${duration}`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * (units[p[2] as string] as number), 0);
}
