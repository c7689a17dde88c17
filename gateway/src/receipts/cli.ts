#!/usr/bin/env node
// Offline receipt verifier: `cli receipt.json [--roots roots.json] [--channel NAME]`. Reads a
// receipt (the body of GET /v1/evidence/{id}/receipt), checks it with no network, prints every
// check and exits 0 when valid, 1 when not, 2 on a usage or input error. roots.json is
// { "<mspId>": ["<PEM>", ...] }: the roots you trust, used instead of the receipt's own.
import { readFileSync } from 'node:fs';
import { Compile } from 'typebox/compile';
import { ReceiptSchema } from './receipt';
import { verifyReceipt, type VerifyOptions } from './verify';

const USAGE = 'usage: verify-receipt RECEIPT.json [--roots ROOTS.json] [--channel CHANNEL]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path === '-' ? 0 : path, 'utf8')) as unknown;
  } catch (error) {
    return fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function main(argv: string[]): number {
  let receiptPath: string | undefined;
  const options: VerifyOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--roots' || arg === '--channel') {
      const value = argv[++i];
      if (value === undefined) fail(`${arg} needs a value`);
      if (arg === '--channel') {
        options.expectedChannel = value;
      } else {
        const roots = readJson(value);
        const ok = typeof roots === 'object' && roots !== null && Object.values(roots).every((pems) => Array.isArray(pems) && pems.every((p) => typeof p === 'string'));
        if (!ok) fail(`${value}: expected {"<mspId>": ["<PEM>", ...]}`);
        options.trustedRoots = roots as Record<string, string[]>;
      }
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (receiptPath === undefined) {
      receiptPath = arg;
    } else {
      fail(`unexpected argument ${arg}`);
    }
  }
  if (receiptPath === undefined) fail('no receipt given');
  const receipt = readJson(receiptPath);
  // Shape first, so a truncated or foreign file reads as such rather than as a failed signature.
  const schema = Compile(ReceiptSchema);
  if (!schema.Check(receipt)) {
    const problems = [...schema.Errors(receipt)].slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    process.stdout.write(`INVALID: not a receipt:\n  ${problems.join('\n  ')}\n`);
    return 1;
  }
  const result = verifyReceipt(receipt, options);
  for (const check of result.checks) process.stdout.write(`${check.ok ? 'ok  ' : 'FAIL'}  ${check.name.padEnd(18)} ${check.detail}\n`);
  process.stdout.write(`${result.valid ? 'VALID' : 'INVALID'}: ${receipt.txId} on ${receipt.channel}, block ${receipt.block.number}` +
    ` (roots: ${result.roots === 'caller' ? 'supplied with --roots' : 'the receipt\'s own — pass --roots to trust your own copy'})\n`);
  return result.valid ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
