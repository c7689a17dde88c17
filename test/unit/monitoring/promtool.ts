// The real Prometheus tools the monitoring suites run (Debian's prometheus and
// prometheus-alertmanager packages, installed by scripts/install-fabric.sh).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const MONITORING = join(ROOT, 'monitoring');

export function installed(command: string): boolean {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return result.error === undefined && result.status === 0;
}

/**
 * Skips the calling suite when `command` is missing on a developer's machine; under CI (CI=true)
 * a missing command fails it instead, naming what installs it.
 */
export function requireTool(context: Mocha.Context, command: string, pkg: string): void {
  if (installed(command)) return;
  if (process.env.CI === 'true') {
    throw new Error(`${command} is not installed (Debian package ${pkg}); scripts/install-fabric.sh installs it`);
  }
  context.skip();
}

export function run(command: string, args: string[], cwd = ROOT): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
}

/** Fails with the tool's own output when it does not exit 0. */
export function expectSuccess(result: SpawnSyncReturns<string>, what: string): void {
  if (result.error !== undefined) throw new Error(`${what}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}
