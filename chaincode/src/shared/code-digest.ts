// The digest of the running chaincode build [docs/architecture.md §5 rule 6]: what members vote on in an
// APPROVE_CHAINCODE proposal, computed exactly as the operator script does (scripts/lib/chaincode.sh):
//
//   (cd dist/chaincode && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)
//
// i.e. one line `<sha256 hex>  ./<relative path>\n` per regular file (symbolic links are not
// followed, as `find -type f` does not), the lines in byte order of their './path', and SHA-256
// over all of them. Paths are handled as bytes, so a name that is not UTF-8 hashes as the shell does.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export type CodeDigest =
  | { available: true; algorithm: 'sha256'; digest: string; files: number }
  | { available: false; reason: string };

/**
 * `sha256sum` prefixes a line with '\' and escapes the name when it holds a backslash, a newline
 * or (coreutils ≥ 9) a carriage return; the digest must reproduce those bytes too.
 */
function sha256sumLine(fileHex: string, name: Buffer): Buffer {
  const special = name.some((b) => b === 0x5c || b === 0x0a || b === 0x0d);
  if (!special) return Buffer.concat([Buffer.from(`${fileHex}  `), name, Buffer.from('\n')]);
  const escaped: number[] = [];
  for (const b of name) {
    if (b === 0x5c) escaped.push(0x5c, 0x5c);
    else if (b === 0x0a) escaped.push(0x5c, 0x6e);
    else if (b === 0x0d) escaped.push(0x5c, 0x72);
    else escaped.push(b);
  }
  return Buffer.concat([Buffer.from(`\\${fileHex}  `), Buffer.from(escaped), Buffer.from('\n')]);
}

/** Every regular file under `dir`, as the './relative/path' bytes `find .` prints, unsorted. */
function regularFiles(root: Buffer, relative: Buffer, out: Buffer[]): void {
  const dir = relative.length === 0 ? root : Buffer.concat([root, Buffer.from('/'), relative]);
  for (const entry of readdirSync(dir, { withFileTypes: true, encoding: 'buffer' })) {
    const child = relative.length === 0 ? entry.name : Buffer.concat([relative, Buffer.from('/'), entry.name]);
    if (entry.isDirectory()) regularFiles(root, child, out);
    else if (entry.isFile()) out.push(child);
  }
}

/** The pipeline's digest over the folder `root` (lowercase hex), and how many files it covered. */
export function digestDirectory(root: string): { digest: string; files: number } {
  const rootBytes = Buffer.from(path.resolve(root));
  const relative: Buffer[] = [];
  regularFiles(rootBytes, Buffer.alloc(0), relative);
  const names = relative.map((r) => Buffer.concat([Buffer.from('./'), r])).sort((a, b) => Buffer.compare(a, b));
  const all = createHash('sha256');
  if (names.length === 0) {
    // xargs without -r still runs sha256sum once, which then hashes its empty stdin as "-"
    all.update(`${createHash('sha256').digest('hex')}  -\n`);
  }
  for (const name of names) {
    const file = Buffer.concat([rootBytes, Buffer.from('/'), name.subarray(2)]);
    const fileHex = createHash('sha256').update(readFileSync(file)).digest('hex');
    all.update(sha256sumLine(fileHex, name));
  }
  return { digest: all.digest('hex'), files: names.length };
}

/**
 * The digest of the build this module belongs to: the compiled module sits in
 * dist/chaincode/src/shared, so the build folder is two levels above its directory. Run from the
 * TypeScript sources (ts-node) there is no build to hash.
 */
export function codeDigestOf(moduleFile: string): CodeDigest {
  if (!moduleFile.endsWith('.js')) {
    return {
      available: false,
      reason: 'the chaincode runs from its TypeScript sources, not from a build; build it (npm run build) and run dist/ to get its digest',
    };
  }
  const root = path.resolve(path.dirname(moduleFile), '..', '..');
  try {
    return { available: true, algorithm: 'sha256', ...digestDirectory(root) };
  } catch (error) {
    const detail = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : 'read error';
    // no path in the reason: endorsers must return identical results wherever they are installed
    return { available: false, reason: `the chaincode build could not be read (${detail})` };
  }
}

let running: CodeDigest | undefined;

/**
 * The running chaincode's digest, computed once at the first call: the build does not change
 * under a running process. A failed read is not remembered, so the next call tries again.
 */
export function runningCodeDigest(): CodeDigest {
  if (running !== undefined) return running;
  const result = codeDigestOf(__filename);
  if (result.available || !__filename.endsWith('.js')) running = result;
  return result;
}
