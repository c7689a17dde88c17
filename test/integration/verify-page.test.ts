// The public /verify page in headless Chromium (Debian's, driven by playwright-core): a relying
// party looks up a certificate and drops a file that is hashed in the browser and checked.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser } from 'playwright-core';
import { grantDecisionDirect } from './support/certificates';
import { gatewayOf } from './support/http';
import { requireNetwork, submitAs } from './support/network';
import { ifAssigned } from '../support/defined';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGE = `${gatewayOf('cb1')}/verify`;
const run = randomUUID().slice(0, 8).toUpperCase();
const USCC = '91350100M000100Y43';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('public verification page (headless Chromium)', function () {
  this.timeout(300_000);
  let browser: Browser;
  const certificateNo = `00126Q8${run}R0M`;
  const dir = mkdtempSync(join(tmpdir(), 'certledger-verify-'));
  const anchoredFile = join(dir, 'audit-report.txt');
  const strangerFile = join(dir, 'not-anchored.txt');

  before(async function () {
    await requireNetwork(this);
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (scripts/install-fabric.sh does)`);
    writeFileSync(anchoredFile, `Stage 2 audit report ${run}\n`);
    writeFileSync(strangerFile, `never anchored ${run}\n`);
    await submitAs('cb1', 'recorder1', 'evidence:anchor', [JSON.stringify({
      clientRef: `page-report-${run}`, kind: 'AUDIT_REPORT', subject: { uscc: USCC }, digest: { alg: 'sha256', value: sha256(`Stage 2 audit report ${run}\n`) },
    })]);
    // the decision names a recorded STAGE2 audit (support/audits.ts)
    const decision = await grantDecisionDirect('cb1', `page-decision-${run}`, USCC);
    // issuedAt may not precede the decision
    const now = Date.now() + 1000;
    await submitAs('cb1', 'issuer1', 'certificate:issue', [JSON.stringify({
      certificateNo, scheme: 'QMS', standard: 'GB/T 19001-2016/ISO 9001:2015',
      organization: { name: '示例制造有限公司', uscc: USCC, address: '福州市鼓楼区五四路 1 号', regionCode: '350102' },
      scope: 'Design and manufacture of industrial valves', scopeCodes: [18], sectorCode: 'C3443',
      issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 700 * 86_400_000).toISOString(), decisionEvidenceId: decision,
    })]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await ifAssigned(browser)?.close();
  });

  it('looks up a certificate and shows its status and holder', async () => {
    const page = await browser.newPage();
    await page.goto(PAGE);
    await page.fill('#cert-no', certificateNo);
    await page.click('#cert-button');
    const result = page.locator('#cert-result');
    await result.getByText('VALID', { exact: false }).first().waitFor({ timeout: 15_000 });
    const text = await result.innerText();
    expect(text).to.include('示例制造有限公司');
    expect(text).to.include('Cb1MSP');
    await page.close();
  });

  it('hashes a dropped file in the browser: an anchored one is found, another is not, and the file is never uploaded', async () => {
    const page = await browser.newPage();
    const uploads: string[] = [];
    page.on('request', (request) => {
      const body = request.postData() ?? '';
      if (body.includes('Stage 2 audit report')) uploads.push(request.url());
    });
    await page.goto(PAGE);
    await page.setInputFiles('#file-input', anchoredFile);
    const result = page.locator('#file-result');
    await result.getByText('Cb1MSP', { exact: false }).first().waitFor({ timeout: 15_000 });
    expect(await result.innerText()).to.include(sha256(`Stage 2 audit report ${run}\n`).slice(0, 16));

    await page.setInputFiles('#file-input', strangerFile);
    await result.getByText(/not anchored|no record|not found/i).first().waitFor({ timeout: 15_000 });
    expect(uploads, 'the file content must never leave the browser').to.deep.equal([]);
    await page.screenshot({ path: join(dir, 'verify.png'), fullPage: true });
    await page.close();
  });
});
