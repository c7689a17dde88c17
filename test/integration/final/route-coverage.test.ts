// The gateway's route coverage, checked rather than claimed: every route of the gateway's OpenAPI document
// answered the integration suites at least once with a success and at least once with an error.
// The suites record what they got (support/http.ts); this runs after all of them.
import { expect } from 'chai';
import { answered, gatewayOperationsOf } from '../support/http';
import { networkRequired, requireNetwork } from '../support/network';

/** Outcomes the local consortium cannot produce, each with the reason and where it is tested instead. */
const CANNOT: Record<string, string> = {
  'success POST /v1/accreditations': 'no ACCREDITATION_BODY member runs in the local consortium; the harness tests record accreditations (test/unit/chaincode/certificate*.test.ts)',
  'error GET /healthz': 'liveness of the process: it answers 200 whenever the process can answer at all',
};

describe('route coverage of the HTTP suites (runs last)', function () {
  before(async function () {
    await requireNetwork(this);
  });

  it('every route answered both a success and an error', async function () {
    // Only meaningful after the whole integration run, not when this file runs alone (a suite that
    // skipped while others ran leaves its routes uncovered, and this fails).
    // Under CI the whole run is always there, so too few answers is a failure, not a skip.
    if (new Set(answered.map((a) => a.path.split('/')[2])).size < 8) {
      if (networkRequired()) throw new Error(`only ${answered.length} HTTP answers were recorded: the integration suites before this one did not run`);
      this.skip();
    }
    const doc = (await (await fetch(`${gatewayOperationsOf('cb1')}/docs/json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    // Each answer counts for the most specific template it matches: /v1/evidence/batches is not
    // an answer of /v1/evidence/{id}.
    const templates = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      params: (template.match(/\{/g) ?? []).length,
    }));
    const templateOf = (path: string): string | undefined =>
      templates.filter((t) => t.pattern.test(path)).sort((a, b) => a.params - b.params)[0]?.template;
    const missing: string[] = [];
    for (const [template, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const got = answered.filter((a) => a.method === method && templateOf(a.path) === template);
        const route = `${method} ${template}`;
        if (!got.some((a) => a.status >= 200 && a.status < 300) && CANNOT[`success ${route}`] === undefined) missing.push(`success ${route}`);
        if (!got.some((a) => a.status >= 400) && CANNOT[`error ${route}`] === undefined) missing.push(`error ${route}`);
      }
    }
    expect(missing, `routes without an HTTP test of that outcome:\n  ${missing.join('\n  ')}`).to.deep.equal([]);
  });
});
