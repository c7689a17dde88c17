// Mocha's spec output plus a machine-readable summary (passes, failures, pending, and each
// failure's title and message) appended to $CERTLEDGER_TEST_SUMMARY, from which .ci/run prints
// the failures again and then its 'N passed, N failed' line: a reader of the run's last lines
// sees what failed without searching the whole log.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failed = [];
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, err) => {
      const message = String((err && err.message) || err).split('\n').slice(0, 6).join(' | ');
      failed.push({ title: test.fullTitle(), file: test.file ? require('node:path').relative(process.cwd(), test.file) : undefined, message: message.slice(0, 600) });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.CERTLEDGER_TEST_SUMMARY;
      if (!file) return;
      const { passes, failures, pending } = runner.stats;
      fs.appendFileSync(file, `${JSON.stringify({ passes, failures, pending, failed })}\n`);
    });
  }
}

module.exports = SummaryReporter;
