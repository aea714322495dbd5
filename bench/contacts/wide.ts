// The wide file of the contacts benchmark: few rows, thousands of custom field columns (`field_…`,
// as an export from another tool would have them), most of them empty. What it measures: that an
// import keeps memory flat whatever the width (batches are bounded by values as well as rows) and
// how fast custom field values are stored.
import { createWriteStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createRandom } from '../../src/core/random';

export interface WideData {
  readonly file: string;
  readonly rows: number;
  readonly columns: number;
  /** Filled custom field cells: the values the import must store. */
  readonly values: number;
}

/** Which cells are filled (about `share` of them) and with what: the same for a given seed. */
function cells(rows: number, columns: number, share: number, seed: number): { value: (r: number, c: number) => string; values: number } {
  const random = createRandom(seed);
  const filled = new Uint8Array(rows * columns);
  let values = 0;
  for (let k = 0; k < filled.length; k++) {
    if (!random.chance(share)) continue;
    filled[k] = 1 + random.int(9);
    values++;
  }
  return { value: (r, c) => (filled[r * columns + c] ? String(filled[r * columns + c]) : ''), values };
}

/** Writes the wide CSV once per size and seed (people have distinct names and emails). */
export async function wideData(rows: number, columns: number, seed = 1, share = 0.3): Promise<WideData> {
  const file = join(tmpdir(), `hustings-contacts-wide-${rows}x${columns}-${seed}.csv`);
  const { value, values } = cells(rows, columns, share, seed);
  if (!existsSync(file)) {
    const out = createWriteStream(file);
    const letters = createRandom(seed + 1);
    const name = (): string => Array.from({ length: 7 }, (_, i) => String.fromCharCode((i ? 97 : 65) + letters.int(26))).join('');
    out.write(`${['email', 'given_name', 'family_name', ...Array.from({ length: columns }, (_, c) => `field_attr_${c}`)].join(',')}\n`);
    for (let r = 0; r < rows; r++) {
      const line = [`wide${r}@example.org`, name(), name(), ...Array.from({ length: columns }, (_, c) => value(r, c))].join(',');
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }
  return { file, rows, columns, values };
}
