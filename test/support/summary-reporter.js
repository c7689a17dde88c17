// Mocha's spec output plus a machine-readable summary (passes, failures, pending) appended to
// $CERTLEDGER_TEST_SUMMARY, from which .ci/run prints its 'N passed, N failed' line.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.CERTLEDGER_TEST_SUMMARY;
      if (!file) return;
      const { passes, failures, pending } = runner.stats;
      fs.appendFileSync(file, `${JSON.stringify({ passes, failures, pending })}\n`);
    });
  }
}

module.exports = SummaryReporter;
