import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { LineEvent } from './lines';
import { closesQuotedField, CsvAssembler, csvField, endsInsideQuotes, sniffDelimiter, splitCsvRecord, splitQuotedRecord, spreadsheetSafe } from './csv';

function lines(text: string): LineEvent[] {
  return text.split('\n').map((t, i) => ({ kind: 'line' as const, line: i + 1, text: t }));
}

function assemble(text: string, delimiter = ','): unknown[] {
  const a = new CsvAssembler({ delimiter, columns: 3, maxRecordLines: 3 });
  const out: unknown[] = [];
  for (const e of lines(text)) for (const r of a.push(e)) out.push(r.kind === 'record' ? [r.line, r.fields] : [r.line, r.reason]);
  for (const r of a.end()) out.push(r.kind === 'record' ? [r.line, r.fields] : [r.line, r.reason]);
  return out;
}

describe('sniffDelimiter', () => {
  it('picks the most frequent delimiter outside quotes', () => {
    expect(sniffDelimiter('id;text;created_at')).toBe(';');
    expect(sniffDelimiter('id\ttext\t"a,b,c"')).toBe('\t');
    expect(sniffDelimiter('id,text')).toBe(',');
    expect(sniffDelimiter('single')).toBe(',');
  });

  it('takes the delimiter that splits the lines after the header as the header, when they are given', () => {
    // Commas in the names ("DUPONT, Jean") outnumber the real delimiter in the header alone.
    expect(sniffDelimiter('unit;DUPONT, Jean, Pierre;MARTIN, Anne')).toBe(',');
    expect(sniffDelimiter('unit;DUPONT, Jean, Pierre;MARTIN, Anne', ['1;10;20', '2;30;40'])).toBe(';');
    expect(sniffDelimiter('unit\tDUPONT, Jean\tMARTIN, Anne', ['1\t10\t20'])).toBe('\t');
    expect(sniffDelimiter('unit,A,B', ['1,"2;3",4'])).toBe(',');
  });
});

describe('endsInsideQuotes', () => {
  it('follows quoted fields, doubled quotes and quotes inside unquoted fields', () => {
    expect(endsInsideQuotes('1,"open', ',', false)).toBe(true);
    expect(endsInsideQuotes('1,"closed ""x""",2', ',', false)).toBe(false);
    expect(endsInsideQuotes('1,say "hi",2', ',', false)).toBe(false);
    expect(endsInsideQuotes('still open', ',', true)).toBe(true);
    expect(endsInsideQuotes('end",3', ',', true)).toBe(false);
  });
});

describe('closesQuotedField', () => {
  it('finds a field that ends on the line, past doubled quotes', () => {
    expect(closesQuotedField('end",3', ',')).toBe(true);
    expect(closesQuotedField('end"', ',')).toBe(true);
    expect(closesQuotedField('a ""b"" end";3', ';')).toBe(true);
    expect(closesQuotedField('2,"b",y', ',')).toBe(false);
    expect(closesQuotedField('no quote here', ',')).toBe(false);
  });
});

describe('CsvAssembler', () => {
  it('joins quoted fields that span lines', () => {
    expect(assemble('1,"a\nb",x\n2,c,y')).toEqual([
      [1, ['1', 'a\nb', 'x']],
      [3, ['2', 'c', 'y']],
    ]);
  });

  it('costs one line for a stray quote that swallows the next lines, and reads them again', () => {
    const out = assemble('1,"stray,x\n2,"b",y\n3,c,z');
    expect(out).toEqual([
      [1, expect.stringContaining('unclosed quote: a quoted field opens on this line')],
      [2, ['2', 'b', 'y']],
      [3, ['3', 'c', 'z']],
    ]);
  });

  it('keeps a quoted field over lines whose parts each look like a record (an address over two lines)', () => {
    expect(assemble('1,"12 rue Gambetta\nBat B, esc 2",x\n2,c,y')).toEqual([
      [1, ['1', '12 rue Gambetta\nBat B, esc 2', 'x']],
      [3, ['2', 'c', 'y']],
    ]);
    expect(assemble('"u2\nx",3,4\nu3,"5",6')).toEqual([
      [1, ['u2\nx', '3', '4']],
      [3, ['u3', '5', '6']],
    ]);
    // Doubled quotes inside the field are not its end.
    expect(assemble('1,"say\n""a"", b",x')).toEqual([[1, ['1', 'say\n"a", b', 'x']]]);
  });

  it('costs one line for a quote never closed, and reads the following lines again', () => {
    const out = assemble('1,"never closed,x\n2,b,y\n3,c,z\n4,d,w\n5,e,v');
    expect(out[0]).toEqual([1, expect.stringContaining('unclosed quote')]);
    expect(out.slice(1)).toEqual([
      [2, ['2', 'b', 'y']],
      [3, ['3', 'c', 'z']],
      [4, ['4', 'd', 'w']],
      [5, ['5', 'e', 'v']],
    ]);
  });
});

describe('writing CSV for people', () => {
  it('quotes fields that need it and defuses spreadsheet formulas in free text', () => {
    expect(csvField('Le Bihan, Gwen')).toBe('"Le Bihan, Gwen"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(spreadsheetSafe('=HYPERLINK("http://x","y")')).toBe('\'=HYPERLINK("http://x","y")');
    for (const risky of ['+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(spreadsheetSafe(risky).startsWith("'")).toBe(true);
    expect(spreadsheetSafe('Élodie')).toBe('Élodie');
  });
});

describe('splitQuotedRecord', () => {
  /** What the parser makes of a record: its fields, or null when it rejects it or finds more than one record. */
  const parser = (text: string, delimiter: string): string[] | null => {
    try {
      const rows = parse(text, { delimiter, relax_quotes: true, relax_column_count: true, bom: false }) as string[][];
      return rows.length === 1 ? rows[0]! : null;
    } catch {
      return null;
    }
  };

  it('reads wholly quoted fields, doubled quotes, line breaks and empty fields', () => {
    expect(splitQuotedRecord('a,"12, rue Gambetta",,"say ""hi""",', ',')).toEqual(['a', '12, rue Gambetta', '', 'say "hi"', '']);
    expect(splitQuotedRecord('"two\nlines";x', ';')).toEqual(['two\nlines', 'x']);
    expect(splitQuotedRecord('""', ',')).toEqual(['']);
  });

  it('leaves what is not regular to the parser', () => {
    for (const text of ['a,say "hi",b', '"closed" ,b', '"open,b', '"a"b', '"a",b\r', 'x"']) expect(splitQuotedRecord(text, ',')).toBeNull();
    expect(splitCsvRecord('a,say "hi",b', ',')).toEqual(['a', 'say "hi"', 'b']);
    expect(() => splitCsvRecord('"open,b', ',')).toThrow();
  });

  it("gives the parser's fields wherever it gives any (random records)", () => {
    const char = fc.constantFrom('a', 'b', ' ', ',', ';', '"', '"', '\n', 'é', '😀');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 30 }).map((cs) => cs.join('')), fc.constantFrom(',', ';'), (text, delimiter) => {
        // Only records with a quote come here (splitCsvRecord splits the others).
        const fast = text.includes('"') ? splitQuotedRecord(text, delimiter) : null;
        if (fast !== null) expect(fast).toEqual(parser(text, delimiter));
      }),
      { numRuns: 20_000 },
    );
  });

  it('gives fields on most records that quote whole fields (random records)', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[a-z ,;\n"]{0,8}$/).map((v) => `"${v.replace(/"/g, '""')}"`),
      fc.stringMatching(/^[a-z ]{0,8}$/),
    );
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
        const text = fields.join(',');
        if (text.includes('"')) expect(splitQuotedRecord(text, ',')).toEqual(parser(text, ','));
      }),
      { numRuns: 5_000 },
    );
  });
});
