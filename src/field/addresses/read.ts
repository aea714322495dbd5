import { InputError } from '../../core/errors';
import type { OpenedInput } from '../../core/input';
import { openInput } from '../../core/input';
import type { TextEncoding } from '../../elections/formats/source';
import { decodeInput, readCsvTable } from '../../elections/formats/source';
import type { AddressFormat, Layout } from './columns';
import { layoutOf } from './columns';
import type { ParsedAddress } from './parse';
import { parseAddress } from './parse';

/** An address file opened for reading: its layout, and its lines parsed one by one as they stream in. */
export interface AddressSource {
  readonly path: string;
  readonly layout: Layout;
  readonly header: readonly string[];
  readonly delimiter: string;
  /**
   * As decided so far: a file whose first 256 KiB are ASCII reads as UTF-8 until its first other
   * byte decides (core/encoding.ts), so this is the encoding used once the lines are read.
   */
  readonly encoding: TextEncoding;
  readonly size: number | null;
  bytesRead(): number;
  readonly lines: AsyncIterable<ParsedAddress>;
}

export interface ReadAddressOptions {
  /** Force a layout instead of detecting it from the header. */
  readonly format?: AddressFormat;
  /** ISO alpha-2 country of the addresses, for the household key (the BAN is French: FR). */
  readonly country?: string;
}

/**
 * Opens an address CSV (gzip read transparently; UTF-8, else Windows-1252 / Latin-1; any common
 * separator; BOM and CRLF tolerated) and streams its lines parsed. A bad line is yielded as such
 * with its line number, column and reason; the reading goes on.
 */
export async function readAddresses(path: string, options: ReadAddressOptions = {}): Promise<AddressSource> {
  return openAddresses(await openInput(path), options);
}

export async function openAddresses(input: OpenedInput, options: ReadAddressOptions = {}): Promise<AddressSource> {
  const decoded = await decodeInput(input);
  const table = await readCsvTable(decoded);
  const layout = layoutOf(table.header, options.format, input.path);
  const country = options.country ?? (layout.format === 'ban' ? 'FR' : '');
  async function* lines(): AsyncGenerator<ParsedAddress> {
    for await (const r of table.rows) {
      if (r.kind === 'bad') yield { ok: false, bad: { line: r.line, column: null, reason: r.reason } };
      else yield parseAddress(r.line, r.fields, layout, table.header, country);
    }
  }
  return {
    path: input.path,
    layout,
    header: table.header,
    delimiter: table.delimiter,
    get encoding() {
      return decoded.encoding;
    },
    size: input.size,
    bytesRead: () => input.bytesRead(),
    lines: lines(),
  };
}

/** Every line of an address file, read whole (tests, previews): rows and bad lines apart. */
export async function readAllAddresses(path: string, options: ReadAddressOptions = {}): Promise<{ source: AddressSource; rows: Extract<ParsedAddress, { ok: true }>['row'][]; bad: Extract<ParsedAddress, { ok: false }>['bad'][] }> {
  const source = await readAddresses(path, options);
  const rows = [];
  const bad = [];
  for await (const p of source.lines) {
    if (p.ok) rows.push(p.row);
    else bad.push(p.bad);
  }
  if (rows.length === 0) throw new InputError(`${path}: no readable address line (${bad.length} bad)`, path);
  return { source, rows, bad };
}
