// The layout every vendored dictionary (chaincode/src/domain/dictionaries/*.data.json) is written
// in: its source, notes, and one entry a line, sorted by code, so that a regeneration shows as a
// readable diff and a test can compare the file with the generator's output byte for byte.

/** The dictionary file's text: `entries` are written in the order given (sort them first). */
export function dictionaryJson(source: string, notes: readonly string[], entries: readonly (readonly [string, unknown])[]): string {
  const list = (items: readonly string[]): string[] => items.map((item, i) => `${item}${i < items.length - 1 ? ',' : ''}`);
  return [
    '{',
    `"source": ${JSON.stringify(source)},`,
    '"notes": [',
    ...list(notes.map((note) => JSON.stringify(note))),
    '],',
    '"entries": {',
    ...list(entries.map(([code, entry]) => `${JSON.stringify(code)}: ${JSON.stringify(entry)}`)),
    '}',
    '}',
    '',
  ].join('\n');
}
