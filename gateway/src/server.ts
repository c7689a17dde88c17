// The gateway process: configuration, the app, graceful close on signals, listen (the public
// listener and the operations one); exits non-zero
// when it cannot start.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an error');
    await app.close();
  });
  await app.listen({ host: config.host, port: config.port });
  // /metrics and /docs, on the member's address but not the public port (CERTLEDGER_GATEWAY_METRICS_PORT)
  if (config.metricsListener === 'operations' || config.docsListener === 'operations') {
    await app.operations.listen({ host: config.metrics.host, port: config.metrics.port });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
