import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../core/errors';
import { groupByParty } from '../group';
import { matchUnits } from '../match';
import { roundTurnout } from '../turnout';
import { optionKindOf } from './kinds';
import { detectResultFormat, readRound } from './read';
import type { RoundResults } from './types';

const FIXTURES = fileURLToPath(new URL('../../../data/elections/', import.meta.url));
const SHARED = fileURLToPath(new URL('../../../../shared/data/elections/', import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
const FIN1 = fixture('fr-legislatives-2024-finistere-circ2-3-by-station-tour1.csv');
const FIN2 = fixture('fr-legislatives-2024-finistere-circ2-3-by-station-tour2.csv');
const PRES = fixture('fr-presidentielle-2017-by-departement.csv');
const UK = fixture('uk-eu-referendum-2016-by-area.csv');

function temp(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hustings-results-')), name);
  writeFileSync(path, content);
  return path;
}

const votes = (round: RoundResults, key: string): number => roundTurnout(round).total.options.find((o) => o.key === key)!.votes;

describe('generic CSV', () => {
  it('splits the 2017 presidential file into its two rounds by column suffix', async () => {
    const r1 = (await readRound(PRES, { withoutSuffix: '2' })).round;
    const r2 = (await readRound(PRES, { suffix: '2' })).round;
    expect(r1.format).toBe('generic');
    expect(r1.options.map((o) => `${o.key}:${o.kind}`)).toEqual(['ABSTENTION:abstention', 'BLANK_NULL:blank_null', 'MACRON:choice', 'LE_PEN:choice', 'FILLON:choice', 'MELENCHON:choice', 'HAMON:choice', 'DUPONT.AIGNAN:choice', 'OTHERS:choice']);
    expect(r2.options.map((o) => o.key)).toEqual(['ABSTENTION', 'BLANK_NULL', 'MACRON', 'LE_PEN']);
    expect([r1.units.length, r2.units.length, r1.bad.length, r2.bad.length]).toEqual([108, 108, 0, 0]);
    // The official national first-round count for Macron, and the second round's.
    expect(votes(r1, 'MACRON')).toBe(8_656_346);
    expect(votes(r2, 'MACRON')).toBe(20_743_128);
    expect(matchUnits(r1.units, r2.units).matched).toHaveLength(108);
  });

  it('takes only the columns asked for, with --columns', async () => {
    const { round } = await readRound(PRES, { columns: ['ABSTENTION2', 'BLANK_NULL2', 'MACRON2', 'LE_PEN2'] });
    expect(round.options.map((o) => `${o.key}:${o.kind}`)).toEqual(['ABSTENTION:abstention', 'BLANK_NULL:blank_null', 'MACRON2:choice', 'LE_PEN2:choice']);
    await expect(readRound(PRES, { columns: ['NOPE'] })).rejects.toThrow(/no column "NOPE"/);
  });

  it('reads semicolons and quoted headers, knows registered, blank and null columns, and reports bad lines with their numbers', async () => {
    const path = temp('bad.csv', '"Code";"Inscrits";"Abstentions";"Blancs";"Nuls";"Dupont";"Durand"\n"01";100;20;1;2;40;37\n"02";100;20;1;2;abc;37\n"03";100;20;1;2;40;-5\n"04";100;20;1;2;40;37\n"4";90;20;1;2;40;27\n');
    const { round } = await readRound(path);
    expect(round.options.map((o) => `${o.key}:${o.kind}`)).toEqual(['ABSTENTION:abstention', 'BLANK:blank', 'NULL:null', 'Dupont:choice', 'Durand:choice']);
    expect(round.units.map((u) => [u.code, u.registered, u.line])).toEqual([['1', 100, 2], ['4', 100, 5]]);
    expect(round.bad).toEqual([
      { line: 3, message: 'unit 02: column Dupont "abc" is not a number; the unit is skipped' },
      { line: 4, message: 'unit 03: column Durand "-5" is negative; the unit is skipped' },
      { line: 6, message: 'unit 4: the same unit code as line 5 (4 once normalised); this line is skipped' },
    ]);
  });

  it('skips a row with more or fewer values than the header, and keeps a quoted code over two lines', async () => {
    const path = temp('ragged.csv', 'unit,A,B\nu1,10,20\nu2,10,20,7\nu3,5\n"u4\nx",3,4\nu5,"5",6\n');
    const { round } = await readRound(path);
    expect(round.units.map((u) => [u.code, u.line])).toEqual([['u1', 2], ['u4-x', 5], ['u5', 7]]);
    expect(round.bad).toEqual([
      { line: 3, message: 'expected 3 columns as in the header, found 4; the unit is skipped' },
      { line: 4, message: 'expected 3 columns as in the header, found 2; the unit is skipped' },
    ]);
  });

  it('leaves out a spreadsheet\'s totals line as a bad line, whatever it is called', async () => {
    const path = temp('totals.csv', 'unit,A,B,\nu1,1,3,\nu2,4,5,\nTotal,5,8,\nTOTAL GÉNÉRAL,5,8,\nGrand total,5,8,\nTotaux,5,8,\nEnsemble,5,8,\nTotal-7,1,1,\n');
    const { round } = await readRound(path);
    expect(round.units.map((u) => u.code)).toEqual(['u1', 'u2', 'total-7']);
    expect(round.bad.map((b) => b.line)).toEqual([4, 5, 6, 7, 8]);
    expect(round.bad[0]!.message).toBe('unit Total: a totals line (the sum of the units above), not a unit; left out');
  });

  it('reads a quoted header cell over two lines as one column, numbering the rows as in the file; a header that is not CSV is an InputError naming the file', async () => {
    const path = temp('multiline-header.csv', 'unit,"A\nx",B\nu1,1,3\n\nu2,4,5\n');
    const { round } = await readRound(path);
    expect(round.options.map((o) => o.key)).toEqual(['A\nx', 'B']);
    expect(round.units.map((u) => [u.code, u.line])).toEqual([['u1', 3], ['u2', 5]]);
    expect(round.bad).toEqual([]);
    expect(votes(round, 'A\nx')).toBe(5);
    const semicolons = temp('semicolons.csv', 'sep=;\nunit;"DUPONT,\nJean";B\nu1;1;3\n');
    expect((await readRound(semicolons)).round.options.map((o) => o.key)).toEqual(['DUPONT,\nJean', 'B']);
    const open = temp('open-quote.csv', 'unit,"A,B\nu1,1,3\n');
    await expect(readRound(open)).rejects.toThrow(InputError);
    await expect(readRound(open)).rejects.toThrow(`${open}:1: the header is not valid CSV: expected column names separated by ",", each quoted one closed, found "unit,\\"A,B"`);
    await expect(readRound(open, { format: 'generic' })).rejects.toThrow(InputError);
  });

  it('takes the registered column of the round being read in a two-round file', async () => {
    const path = temp('two.csv', 'unit;inscrits;abstention;A;B;inscrits2;abstention2;A2\n1;100;30;40;30;101;41;60\n');
    const r1 = (await readRound(path, { withoutSuffix: '2' })).round;
    const r2 = (await readRound(path, { suffix: '2' })).round;
    expect([r1.units[0]!.registered, r1.options.map((o) => o.key)]).toEqual([100, ['ABSTENTION', 'A', 'B']]);
    expect([r2.units[0]!.registered, r2.options.map((o) => o.key), r2.units[0]!.counts]).toEqual([101, ['ABSTENTION', 'A'], [41, 60]]);
  });

  it('finds the id column by name, or takes --id, and says which columns exist when --id is wrong', async () => {
    const path = temp('ids.csv', 'name,area_code,yes,no\nNorth,N-01,10,5\nSouth,S-02,3,8\n');
    const { round } = await readRound(path);
    expect(round.units.map((u) => [u.sourceCode, u.name])).toEqual([['N-01', 'North'], ['S-02', 'South']]);
    expect(round.options.map((o) => o.key)).toEqual(['yes', 'no']);
    const byName = (await readRound(path, { id: 'name', columns: ['yes', 'no'] })).round;
    expect(byName.units.map((u) => u.code)).toEqual(['north', 'south']);
    // Without --columns, the other code column is read as an option: its lines are bad, not dropped.
    expect((await readRound(path, { id: 'name' })).round.bad.map((b) => b.message)).toEqual([
      'unit North: column area_code "N-01" is not a number; the unit is skipped',
      'unit South: column area_code "S-02" is not a number; the unit is skipped',
    ]);
    await expect(readRound(path, { id: 'ward' })).rejects.toThrow(/no column "ward" \(--id\); the columns are name, area_code, yes, no/);
    // A wrong option is the user's mistake, not the file's: a usage error (exit 2).
    await expect(readRound(path, { id: 'ward' })).rejects.toBeInstanceOf(UsageError);
  });

  it("takes the delimiter from Excel's sep= line, and the header after blank lines, with the lines numbered as in the file", async () => {
    const { round } = await readRound(temp('sep.csv', 'sep=;\r\n\r\nunit;A;B\r\n1;10;20\r\n2;x;21\r\n'));
    expect(round.units.map((u) => [u.code, u.counts])).toEqual([['1', [10, 20]]]);
    expect(round.bad).toEqual([{ line: 5, message: 'unit 2: column A "x" is not a number; the unit is skipped' }]);
  });

  it('reads a file whose lines end with a carriage return alone (old Mac CSV), a quoted value over two lines too', async () => {
    const { round } = await readRound(temp('mac.csv', 'unit,A,B\ru1,1,3\r"u2\rx",4,5\ru3,x,6\r'));
    expect(round.format).toBe('generic');
    expect(round.units.map((u) => [u.code, u.counts, u.line])).toEqual([['u1', [1, 3], 2], ['u2-x', [4, 5], 3]]);
    expect(round.bad).toEqual([{ line: 5, message: 'unit u3: column A "x" is not a number; the unit is skipped' }]);
    // A CR LF file keeps its lines, and a carriage return in a quoted value of it stays in the value.
    const crlf = (await readRound(temp('crlf.csv', 'unit,"A\rB",C\r\nu1,1,3\r\n'))).round;
    expect([crlf.options.map((o) => o.key), crlf.units.map((u) => u.counts)]).toEqual([['A\rB', 'C'], [[1, 3]]]);
  });

  it('says the encoding it read with: Windows-1252 for a file whose first 256 KiB are ASCII and a later line has é, whatever its line ends', async () => {
    // The encoding is decided at the first byte that is not ASCII (core/encoding.ts); a file of
    // carriage returns alone said utf-8, as first assumed.
    const rows = ['unit,name,registered,yes,no', ...Array.from({ length: 14_000 }, (_, i) => `u${i + 1},Ville,100,40,50`)];
    for (const [ends, end] of Object.entries({ lf: '\n', crlf: '\r\n', cr: '\r' })) {
      const head = Buffer.from(`${rows.join(end)}${end}`, 'latin1');
      expect(head.length).toBeGreaterThan(256 * 1024);
      const read = await readRound(temp(`late-accent-${ends}.csv`, Buffer.concat([head, Buffer.from(`last,Ch\xe9ry,100,40,50${end}`, 'latin1')])));
      expect([read.encoding, read.round.units.length, read.round.bad], ends).toEqual(['windows-1252', rows.length, []]);
      expect(read.round.units.at(-1)!.name, ends).toBe('Chéry');
    }
  });

  it('reads a file whose lines end with a separator, and leaves out an extra value only when it is empty', async () => {
    const { round } = await readRound(temp('trail.csv', 'unit,A,B,abstention,\n1,10,20,5,\n2,11,21,6\n3,12,22,7,9\n'));
    expect(round.units.map((u) => [u.code, u.counts])).toEqual([['1', [10, 20, 5]], ['2', [11, 21, 6]]]);
    expect(round.bad).toEqual([{ line: 4, message: 'expected 4 columns as in the header, found 5; the unit is skipped' }]);
  });

  it('knows name and district columns with accents, and never takes totals, percentages or spoilt ballots for choices', async () => {
    const fr = 'Code;Libellé;Département;Inscrits;Votants;% Votants;Exprimés;Blancs;Nuls;Dupont;Lefèvre\n1;Brest 1;29;1000;600;60,00;580;12;8;300;280\n';
    const { round } = await readRound(temp('fr-utf.csv', fr));
    // Inscrits and no abstention column: abstention is the registered less the ballots (1000 − 600).
    expect(round.options.map((o) => [o.key, o.kind])).toEqual([['BLANK', 'blank'], ['NULL', 'null'], ['Dupont', 'choice'], ['Lefèvre', 'choice'], ['ABSTENTION', 'abstention']]);
    expect(round.units.map((u) => [u.code, u.name, u.district, u.registered, u.counts])).toEqual([['1', 'Brest 1', '29', 1000, [12, 8, 300, 280, 400]]]);
    const en = 'ward,Votes cast,Blank votes,Spoilt ballots,Yes,No\nW1,100,2,2,50,46\n';
    expect((await readRound(temp('en.csv', en))).round.options.map((o) => o.kind)).toEqual(['blank', 'null', 'choice', 'choice']);
    expect(optionKindOf('Invalid votes')).toBe('null');
  });

  it('tells the delimiter from the lines after the header too, so that commas in candidate names do not split them', async () => {
    const { round } = await readRound(temp('names.csv', 'unit;DUPONT, Jean, Pierre;MARTIN, Anne\n1;10;20\n2;30;40\n'));
    expect(round.options.map((o) => o.key)).toEqual(['DUPONT, Jean, Pierre', 'MARTIN, Anne']);
    expect(round.units.map((u) => u.counts)).toEqual([[10, 20], [30, 40]]);
  });

  it('takes a "blancs et nuls" column beside blancs and nuls for their total, not a fourth option', async () => {
    const path = temp('bn.csv', 'unit,inscrits,A,B,blancs,nuls,blancs_nuls,abstentions\n1,100,40,30,5,3,8,22\n2,100,30,40,4,2,6,24\n');
    const { round } = await readRound(path);
    expect(round.options.map((o) => o.key)).toEqual(['A', 'B', 'BLANK', 'NULL', 'ABSTENTION']);
    expect(roundTurnout(round).total.voters).toBe(154);
    // Alone, it is the source's only non-choice column for both: an option.
    expect((await readRound(temp('bn-only.csv', 'unit,A,blancs_nuls\n1,4,2\n'))).round.options.map((o) => o.key)).toEqual(['A', 'BLANK_NULL']);
    await expect(readRound(path, { columns: ['A', 'B', 'blancs', 'nuls', 'blancs_nuls'] })).rejects.toThrow(/names blancs, nuls and blancs_nuls, which is their total/);
  });

  it('gives a file with a registered column and no abstention column an ABSTENTION option: the registered less every ballot; more votes than registered is a bad line', async () => {
    const path = temp('reg.csv', 'unit,registered,A,B,blank,null\nu1,200,90,70,3,2\nu2,200,100,100,0,0\nu3,200,150,60,0,0\n');
    const { round } = await readRound(path);
    expect(round.options.map((o) => `${o.key}:${o.kind}`)).toEqual(['A:choice', 'B:choice', 'BLANK:blank', 'NULL:null', 'ABSTENTION:abstention']);
    expect(round.units.map((u) => [u.code, u.registered, u.counts])).toEqual([['u1', 200, [90, 70, 3, 2, 35]], ['u2', 200, [100, 100, 0, 0, 0]]]);
    expect(round.bad).toEqual([{ line: 4, message: 'unit u3: more votes than registered (registered 200, votes 210), so no abstention can be worked out; the unit is skipped' }]);
    // Turnout works out the same abstention from the same counts: nothing left unexplained.
    expect(roundTurnout(round).units.map((u) => [u.abstention, u.gap])).toEqual([[35, 0], [0, 0]]);
    // A file with an abstention column, or options named with --columns, is read as before.
    const own = (await readRound(temp('own.csv', 'unit,inscrits,A,abstentions\nu1,100,60,30\n'))).round;
    expect([own.options.map((o) => o.key), own.units[0]!.counts]).toEqual([['A', 'ABSTENTION'], [60, 30]]);
    expect((await readRound(path, { columns: ['A', 'B'] })).round.options.map((o) => o.key)).toEqual(['A', 'B']);
  });

  it('refuses the id or registered column as an option, and header cells that cannot be options; --id and --columns ignore case', async () => {
    const path = temp('cols.csv', 'unit,registered,A,B\n1,100,10,20\n2,100,30,40\n');
    await expect(readRound(path, { columns: ['unit', 'A'] })).rejects.toThrow(/--columns names "unit", the unit id column/);
    await expect(readRound(path, { columns: ['registered', 'A', 'B'] })).rejects.toThrow(/--columns names "registered", the registered voters column/);
    const folded = (await readRound(path, { id: 'Unit', columns: ['a', 'B'] })).round;
    expect(folded.units.map((u) => [u.code, u.counts])).toEqual([['1', [10, 20]], ['2', [30, 40]]]);
    await expect(readRound(temp('twice.csv', 'unit,unit,A\n1,1,3\n'))).rejects.toThrow(/columns 1 and 2 are both named "unit"/);
    await expect(readRound(temp('blank.csv', 'unit,,B\n1,2,3\n'))).rejects.toThrow(/column 2 of the header has no name/);
  });
});

describe('French ministry per-station CSV', () => {
  it('reads both rounds of the Finistère file: candidates by nuance, abstention, blank and null, consistent with the registered', async () => {
    const t1 = await readRound(FIN1);
    const t2 = await readRound(FIN2);
    expect([t1.round.format, t1.encoding, t2.round.format]).toEqual(['fr-ministry', 'utf-8', 'fr-ministry']);
    expect([t1.round.units.length, t2.round.units.length, t1.round.bad.length, t2.round.bad.length]).toEqual([201, 201, 0, 0]);
    expect(t1.round.options).toHaveLength(3 + 18);
    expect(t2.round.options.slice(0, 4)).toEqual([
      { key: 'ABSTENTION', label: 'Abstention', kind: 'abstention' },
      { key: 'BLANK', label: 'Blank', kind: 'blank' },
      { key: 'NULL', label: 'Null (spoilt)', kind: 'null' },
      { key: 'LARSONNEUR Jean-Charles (DVC)', label: 'LARSONNEUR Jean-Charles (DVC)', kind: 'choice', party: 'DVC' },
    ]);
    const bohars = t2.round.units[0]!;
    expect(bohars).toMatchObject({ code: '29-29011-1', sourceCode: '29-29011-0001', name: 'Bohars 0001', registered: 997, line: 2 });
    expect(bohars.counts.slice(0, 6)).toEqual([218, 5, 4, 363, 260, 147]);
    // Inscrits = Abstentions + Blancs + Nuls + the candidates' Voix, in every station of both rounds.
    for (const t of [t1, t2]) expect(roundTurnout(t.round).units.filter((u) => u.gap !== 0)).toEqual([]);
  });

  it('matches all 201 stations of tour 1 and tour 2 although Code BV is padded in one and not the other', async () => {
    const [a, b] = [(await readRound(FIN1)).round, (await readRound(FIN2)).round];
    expect(a.units[0]!.sourceCode).toBe('29-29011-1');
    const m = matchUnits(a.units, b.units);
    expect([m.matched.length, m.onlyInA.length, m.onlyInB.length]).toEqual([201, 0, 0]);
  });

  it('reads the same file saved in Latin-1', async () => {
    const latin1 = temp('tour2-latin1.csv', Buffer.from(readFileSync(FIN2, 'utf8'), 'latin1'));
    const read = await readRound(latin1);
    expect(read.encoding).toBe('windows-1252');
    expect(read.round).toEqual((await readRound(FIN2)).round);
  });

  it('pools candidates by party across the two constituencies', async () => {
    const round = (await readRound(FIN1)).round;
    const pooled = groupByParty(round);
    const keys = pooled.options.map((o) => o.key);
    expect(keys.slice(0, 3)).toEqual(['ABSTENTION', 'BLANK', 'NULL']);
    expect(keys).toContain('RN');
    expect(new Set(keys).size).toBe(keys.length);
    const rn = round.options.filter((o) => o.party === 'RN').reduce((s, o) => s + votes(round, o.key), 0);
    expect(votes(pooled, 'RN')).toBe(rn);
    expect(roundTurnout(pooled).total.expressed).toBe(roundTurnout(round).total.expressed);
  });

  it('reads the 2017–2022 layout, whose candidate groups after the first are unnamed, in Latin-1', async () => {
    const header = 'Code du département;Libellé du département;Code de la circonscription;Libellé de la circonscription;Code de la commune;Libellé de la commune;Code du b.vote;Inscrits;Abstentions;% Abs/Ins;Votants;% Vot/Ins;Blancs;% Blancs/Ins;% Blancs/Vot;Nuls;% Nuls/Ins;% Nuls/Vot;Exprimés;% Exp/Ins;% Exp/Vot;N°Panneau;Sexe;Nom;Prénom;Nuance;Voix;% Voix/Ins;% Voix/Exp';
    const rows = [
      '01;Ain;01;1ère circonscription;016;Bourg-en-Bresse;0001;1000;400;40,00;600;60,00;10;1,00;1,67;5;0,50;0,83;585;58,50;97,50;1;M;DUPONT;Léon;ENS;300;30,00;51,28;2;F;MARTIN;Zoé;RN;285;28,50;48,72',
      '01;Ain;02;2ème circonscription;016;Bourg-en-Bresse;0002;800;300;37,50;500;62,50;0;0,00;0,00;0;0,00;0,00;500;62,50;100,00;1;F;DURAND;Anaïs;UG;200;25,00;40,00;2;M;PETIT;Jean;LR;100;12,50;20,00;3;M;ROUX;Éric;DVD;200;25,00;40,00',
      '01;Ain;02;2ème circonscription;016;Bourg-en-Bresse;0003;800;300;37,50;500;62,50;0;0,00;0,00;0;0,00;0,00;500;62,50;100,00;1;F;DURAND;Anaïs;UG;200;25,00;40,00;2;M;PETIT;Jean;LR;1x0;12,50;20,00;3;M;ROUX;Éric;DVD;200;25,00;40,00',
    ];
    const { round, encoding } = await readRound(temp('2022.csv', Buffer.from([header, ...rows].join('\r\n'), 'latin1')));
    expect([round.format, encoding]).toEqual(['fr-ministry', 'windows-1252']);
    expect(round.options.map((o) => o.key)).toEqual(['ABSTENTION', 'BLANK', 'NULL', 'DUPONT Léon (ENS)', 'MARTIN Zoé (RN)', 'DURAND Anaïs (UG)', 'PETIT Jean (LR)', 'ROUX Éric (DVD)']);
    // The constituency is keyed with its département (01-1, Ain's first), as the Hérault JSON's 34-7.
    expect(round.units.map((u) => [u.code, u.district, u.registered, u.counts])).toEqual([
      ['1-16-1', '01-1', 1000, [400, 10, 5, 300, 285, 0, 0, 0]],
      ['1-16-2', '01-2', 800, [300, 0, 0, 0, 0, 200, 100, 200]],
    ]);
    expect(round.bad).toEqual([{ line: 4, message: 'unit 01-016-0003: column Voix (candidate 2) "1x0" is not a number; the unit is skipped' }]);
    // The same lines each ending with ';', as such files often do, read the same; a row cut short is a bad line.
    const trailing = [header, rows[0], rows[1], rows[1]!.replace('0002', '0004').replace(/;3;M;ROUX.*$/, '')].map((l) => `${l};`);
    const again = (await readRound(temp('2022-trailing.csv', Buffer.from(trailing.join('\r\n'), 'latin1')))).round;
    expect(again.units.map((u) => [u.code, u.counts])).toEqual([
      ['1-16-1', [400, 10, 5, 300, 285, 0, 0, 0]],
      ['1-16-2', [300, 0, 0, 0, 0, 200, 100, 200]],
    ]);
    expect(again.bad).toEqual([{ line: 4, message: "unit 01-016-0004: the candidates' votes add up to 300, not to the 500 of column Exprimés (a row cut short?); the unit is skipped" }]);
  });

  it('reads list elections in the 2024 numbered layout (European elections): a list by its short label and nuance', async () => {
    const group = (k: number): string => `Numéro de panneau ${k};Nuance liste ${k};Libellé abrégé de liste ${k};Libellé de liste ${k};Voix ${k};% Voix/inscrits ${k};% Voix/exprimés ${k};Sièges ${k}`;
    const header = `Code localisation;Libellé localisation;Code département;Libellé département;Code commune;Libellé commune;Code BV;Inscrits;Votants;% Votants;Abstentions;% Abstentions;Exprimés;% Exprimés/inscrits;% Exprimés/votants;Blancs;% Blancs/inscrits;% Blancs/votants;Nuls;% Nuls/inscrits;% Nuls/votants;${group(1)};${group(2)};${group(3)}`;
    const head = (bv: string): string => `29019;Brest;29;Finistère;29019;Brest;${bv};1000;600;60,00%;400;40,00%;590;59,00%;98,33%;6;0,60%;1,00%;4;0,40%;0,67%`;
    const rows = [
      `${head('0001')};1;LRN;RN;LA FRANCE REVIENT !;300;30,00%;50,85%;30;2;LENS;BESOIN D'EUROPE;BESOIN D'EUROPE;200;20,00%;33,90%;13;3;LUG;PS-PP;REVEILLER L'EUROPE;90;9,00%;15,25%;13`,
      `${head('0002')};1;LRN;RN;LA FRANCE REVIENT !;250;25,00%;42,37%;30;2;LENS;BESOIN D'EUROPE;BESOIN D'EUROPE;;;;;3;LUG;PS-PP;REVEILLER L'EUROPE;90;9,00%;15,25%;13`,
      `${head('0003')};1;LRN;RN;LA FRANCE REVIENT !;300;30,00%;50,85%;30;2;;;;200;20,00%;33,90%;13;3;LUG;PS-PP;REVEILLER L'EUROPE;90;9,00%;15,25%;13`,
    ];
    const { round } = await readRound(temp('eu2024.csv', [header, ...rows].join('\n')));
    expect(round.format).toBe('fr-ministry');
    expect(round.options.map((o) => [o.key, o.party ?? null])).toEqual([['ABSTENTION', null], ['BLANK', null], ['NULL', null], ['RN (LRN)', 'LRN'], ["BESOIN D'EUROPE (LENS)", 'LENS'], ['PS-PP (LUG)', 'LUG']]);
    expect(round.units.map((u) => [u.code, u.registered, u.counts])).toEqual([['29-29019-1', 1000, [400, 6, 4, 300, 200, 90]]]);
    expect(round.bad).toEqual([
      { line: 3, message: 'unit 29-29019-0002: column Voix 2 is empty; the unit is skipped' },
      { line: 4, message: 'unit 29-29019-0003: column Voix 2 holds votes for a candidate or list with no name; the unit is skipped' },
    ]);
  });

  it('reads list elections in the 2014–2022 layout: European 2019 (lists only) and municipal 2020 (Code B.Vote, Code Nuance, Liste)', async () => {
    const euHeader = 'Code du département;Libellé du département;Code de la commune;Libellé de la commune;Code du b.vote;Inscrits;Abstentions;% Abs/Ins;Votants;% Vot/Ins;Blancs;% Blancs/Ins;% Blancs/Vot;Nuls;% Nuls/Ins;% Nuls/Vot;Exprimés;% Exp/Ins;% Exp/Vot;N°Panneau;Libellé Abrégé Liste;Libellé Etendu Liste;Nom Tête de Liste;Voix;% Voix/Ins;% Voix/Exp';
    const eu = `${euHeader}\n34;Hérault;172;Montpellier;0101;900;450;50,00;450;50,00;5;0,56;1,11;5;0,56;1,11;440;48,89;97,78;1;PRENEZ LE POUVOIR;PRENEZ LE POUVOIR, LISTE SOUTENUE PAR MARINE LE PEN;BARDELLA Jordan;240;26,67;54,55;2;RENAISSANCE;RENAISSANCE SOUTENUE PAR LA RÉPUBLIQUE EN MARCHE;LOISEAU Nathalie;200;22,22;45,45\n`;
    const r1 = (await readRound(temp('eu2019.csv', Buffer.from(eu, 'latin1')))).round;
    expect(r1.options.slice(3).map((o) => o.key)).toEqual(['PRENEZ LE POUVOIR', 'RENAISSANCE']);
    expect(r1.units.map((u) => [u.code, u.counts])).toEqual([['34-172-101', [450, 5, 5, 240, 200]]]);
    expect(r1.bad).toEqual([]);
    const muHeader = 'Code du département;Libellé du département;Code de la commune;Libellé de la commune;Code B.Vote;Inscrits;Abstentions;% Abs/Ins;Votants;% Vot/Ins;Blancs;% Blancs/Ins;% Blancs/Vot;Nuls;% Nuls/Ins;% Nuls/Vot;Exprimés;% Exp/Ins;% Exp/Vot;N.Pan.;Code Nuance;Sexe;Nom;Prénom;Liste;Sièges / Elu;Sièges Secteur;Sièges CC;Voix;% Voix/Ins;% Voix/Exp';
    const mu = [
      muHeader,
      '29;Finistère;019;Brest;0001;1000;600;60,00;400;40,00;4;0,40;1,00;6;0,60;1,50;390;39,00;97,50;1;LDVG;M;CUILLANDRE;François;BREST AU COEUR;0;0;0;210;21,00;53,85;2;LDVD;F;MALGORN;Marine;BREST C\'EST VOUS;0;0;0;180;18,00;46,15',
      // A small commune's candidates have no list and no nuance: known by name.
      '29;Finistère;020;Briec;0001;300;100;33,33;200;66,67;0;0,00;0,00;0;0,00;0,00;200;66,67;100,00;1;;M;LE GALL;Yves;;1;0;0;120;40,00;60,00;2;;F;PRIGENT;Anne;;1;0;0;80;26,67;40,00',
      // Most small communes' ballots name several candidates: the votes add up to more than Exprimés.
      '29;Finistère;021;Brasparts;0001;300;100;33,33;200;66,67;0;0,00;0,00;0;0,00;0,00;200;66,67;100,00;1;;M;MOAL;Paul;;E;0;0;180;60,00;90,00;2;;F;KERLEAU;Anne;;E;0;0;170;56,67;85,00',
    ].join('\r\n');
    const r2 = (await readRound(temp('mun2020.csv', Buffer.from(mu, 'latin1')))).round;
    expect(r2.format).toBe('fr-ministry');
    expect(r2.options.slice(3).map((o) => [o.key, o.party ?? null])).toEqual([['BREST AU COEUR (LDVG)', 'LDVG'], ["BREST C'EST VOUS (LDVD)", 'LDVD'], ['LE GALL Yves', null], ['PRIGENT Anne', null]]);
    expect(r2.units.map((u) => [u.code, u.counts])).toEqual([['29-19-1', [600, 4, 6, 210, 180, 0, 0]], ['29-20-1', [100, 0, 0, 0, 0, 120, 80]]]);
    expect(r2.bad).toEqual([
      { line: 4, message: 'unit 29-021-0001: the candidates\' votes add up to 350, more than the 200 of column Exprimés: a ballot that names several candidates (as in municipal elections of communes under 1,000 inhabitants), whose votes vote transfers cannot use; the unit is skipped' },
    ]);
  });

  it('finds the stride of list groups whose leading column it does not know, and reads Nuance Liste in the 2014–2022 layout', async () => {
    const header = 'Code du département;Code de la commune;Libellé de la commune;Code du b.vote;Inscrits;Abstentions;% Abs/Ins;Votants;% Vot/Ins;Blancs;% Blancs/Ins;% Blancs/Vot;Nuls;% Nuls/Ins;% Nuls/Vot;Exprimés;% Exp/Ins;% Exp/Vot;N° de dépôt;Nuance Liste;Libellé Abrégé Liste;Voix;% Voix/Ins;% Voix/Exp';
    const row = '31;555;Toulouse;0001;1000;500;50,00;500;50,00;0;0,00;0,00;0;0,00;0,00;500;50,00;100,00;1;LUG;DELGA;300;30,00;60,00;2;LRN;GARRAUD;200;20,00;40,00';
    const { round } = await readRound(temp('reg2021.csv', `${header}\n${row}\n`));
    expect(round.options.slice(3).map((o) => [o.key, o.party])).toEqual([['DELGA (LUG)', 'LUG'], ['GARRAUD (LRN)', 'LRN']]);
    expect(round.units.map((u) => u.counts)).toEqual([[500, 0, 0, 300, 200]]);
    expect(round.bad).toEqual([]);
  });

  it('refuses groups that cannot be told apart or name nobody, and skips empty ones', async () => {
    const group = (k: number): string => `Numéro de panneau ${k};Nuance liste ${k};Libellé abrégé de liste ${k};Libellé de liste ${k};Voix ${k}`;
    const header = `Code département;Code commune;Code BV;Inscrits;Abstentions;Blancs;Nuls;Exprimés;${group(1)};${group(2)};${group(3)}`;
    const rows = [
      '29;29019;0001;1000;500;0;0;500;1;LDIV;EUROPE;EUROPE A;300;2;LDIV;EUROPE;EUROPE B;200;;;;;',
      '29;29019;0002;1000;500;0;0;500;1;LDIV;EUROPE;EUROPE A;300;2;LENS;;;200;;;;;',
      '29;29019;0003;1000;500;0;0;500;1;LDIV;EUROPE;EUROPE A;300;2;LENS;BE;BESOIN;200;3;;;;0',
    ];
    const { round } = await readRound(temp('twins.csv', [header, ...rows].join('\n')));
    expect(round.units.map((u) => u.code)).toEqual(['29-29019-3']);
    expect(round.bad).toEqual([
      { line: 2, message: 'unit 29-29019-0001: groups 1 and 2 both name EUROPE (LDIV): two candidates or lists that cannot be told apart; the unit is skipped' },
      { line: 3, message: 'unit 29-29019-0002: column Voix 2 holds votes for a candidate or list with no name; the unit is skipped' },
    ]);
  });

  it('refuses a group with votes and a first name but no surname, as it refuses one with no name at all', async () => {
    const group = (k: number): string => `Numéro de panneau ${k};Nuance candidat ${k};Nom candidat ${k};Prénom candidat ${k};Sexe candidat ${k};Voix ${k}`;
    const header = `Code département;Code commune;Code BV;Inscrits;Votants;Abstentions;Blancs;Nuls;Exprimés;${group(1)};${group(2)}`;
    const rows = [
      '29;29019;0001;1000;500;500;0;0;500;1;DVC;LARSONNEUR;Jean-Charles;M;300;2;RN;DUPONT;Anne;F;200',
      '29;29019;0002;1000;500;500;0;0;500;1;DVC;;Jean-Charles;M;300;2;RN;DUPONT;Anne;F;200',
      // With no votes, a group naming no one is left out, as an empty group is.
      '29;29019;0003;1000;500;500;0;0;500;1;DVC;LARSONNEUR;Jean-Charles;M;300;2;RN;DUPONT;Anne;F;200;3;ECO;;Zoé;F;0',
    ];
    const { round } = await readRound(temp('first-name.csv', [header.replace(group(2), `${group(2)};${group(3)}`), ...rows].join('\n')));
    expect(round.options.slice(3).map((o) => o.key)).toEqual(['LARSONNEUR Jean-Charles (DVC)', 'DUPONT Anne (RN)']);
    expect(round.units.map((u) => [u.code, u.counts])).toEqual([['29-29019-1', [500, 0, 0, 300, 200]], ['29-29019-3', [500, 0, 0, 300, 200]]]);
    expect(round.bad).toEqual([
      { line: 3, message: 'unit 29-29019-0002: column Nom candidat 1 is empty but the group has a first name (Jean-Charles) and 300 votes; the unit is skipped' },
    ]);
  });

  it('checks Votants: a count, and Exprimés + Blancs + Nuls, as the JSON reader checks its records', async () => {
    const header = 'Code département;Code commune;Code BV;Inscrits;Votants;Abstentions;Blancs;Nuls;Exprimés;Nuance candidat 1;Nom candidat 1;Prénom candidat 1;Voix 1;Nuance candidat 2;Nom candidat 2;Prénom candidat 2;Voix 2';
    const rows = [
      '29;29019;0001;1000;510;490;6;4;500;DVC;LARSONNEUR;Jean-Charles;300;RN;DUPONT;Anne;200',
      '29;29019;0002;1000;9999;490;6;4;500;DVC;LARSONNEUR;Jean-Charles;300;RN;DUPONT;Anne;200',
      '29;29019;0003;1000;abc;490;6;4;500;DVC;LARSONNEUR;Jean-Charles;300;RN;DUPONT;Anne;200',
    ];
    const { round } = await readRound(temp('votants.csv', [header, ...rows].join('\n')));
    expect(round.units.map((u) => u.code)).toEqual(['29-29019-1']);
    expect(round.bad).toEqual([
      { line: 3, message: 'unit 29-29019-0002: expressed, blank and null add up to 510, not to its Votants 9999; the unit is skipped' },
      { line: 4, message: 'unit 29-29019-0003: column Votants "abc" is not a number; the unit is skipped' },
    ]);
    // Without an Exprimés column, the candidates' votes stand for it; without Votants, nothing is checked against it.
    const noExpressed = (await readRound(temp('no-exprimes.csv', [header.replace(';Exprimés', ''), ...rows.map((r) => r.replace(';500;DVC', ';DVC'))].join('\n')))).round;
    expect(noExpressed.bad.map((b) => b.line)).toEqual([3, 4]);
    const noVoters = (await readRound(temp('no-votants.csv', [header.replace(';Votants', ''), ...rows.map((r) => r.replace(/^((?:[^;]*;){4})[^;]*;/, '$1'))].join('\n')))).round;
    expect([noVoters.units.length, noVoters.bad]).toEqual([3, []]);
  });

  it('leaves a file with a polling-station code but no département to the generic reader', async () => {
    const path = temp('generic-bv.csv', 'Code bureau de vote;Inscrits;Abstentions;Blancs;Nuls;Liste;Voix\n0001;100;20;1;2;40;37\n');
    const { round } = await readRound(path, { id: 'Code bureau de vote' });
    expect(round.format).toBe('generic');
  });

  it('refuses a numbered Voix column that names no candidate and no list', async () => {
    const header = 'Code département;Code commune;Code BV;Inscrits;Abstentions;Blancs;Nuls;Exprimés;Nuance candidat 1;Voix 1';
    await expect(readRound(temp('anon.csv', `${header}\n29;29019;0001;10;2;0;0;8;DVG;8\n`))).rejects.toThrow(/column "Voix 1" has neither "Nom candidat 1" nor "Libellé de liste 1" to name it/);
  });

  it('names the missing candidate group when the header skips a Voix number', async () => {
    const lines = readFileSync(FIN1, 'utf8').split('\n').filter((l) => l.length > 0);
    // Columns 29–37 (1-based) are candidate 2's group: cut from the header and from every row.
    const cut = lines.map((l) => {
      const f = l.split(';');
      f.splice(28, 9);
      return f.join(';');
    });
    await expect(readRound(temp('gap.csv', cut.join('\n')))).rejects.toThrow(/the header has the candidate columns Voix 1 then Voix 3, but no Voix 2: a candidate's group of columns is missing/);
  });

  it('reports a bad count with its line, column and station, and keeps the other stations', async () => {
    const lines = readFileSync(FIN2, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/;Inscrits|;(\d+);(\d+);"/, ';x12;$2;"');
    const { round } = await readRound(temp('bad-tour2.csv', lines.join('\n')));
    expect(round.units).toHaveLength(200);
    expect(round.bad).toEqual([{ line: 4, message: 'unit 29-29011-0003: column Inscrits "x12" is not a number; the unit is skipped' }]);
  });
});

describe('Hérault-style JSON', () => {
  const H1 = fixture('fr-legislatives-2022-herault-first-40-stations-1er-tour.json');
  const H2 = fixture('fr-legislatives-2022-herault-first-40-stations-2nd-tour.json');

  it('reads French number strings and candidates, with the constituency as district', async () => {
    const { round } = await readRound(H1);
    expect(round.format).toBe('fr-json');
    expect(round.units).toHaveLength(40);
    expect(round.units[0]).toMatchObject({ code: '34001-1', sourceCode: '34001-0001', name: 'Abeilhan 0001', district: '34-7', registered: 1454, line: 1 });
    expect(round.units[0]!.counts.slice(0, 4)).toEqual([838, 8, 4, 2]);
    expect(roundTurnout(round).units.filter((u) => u.gap !== 0)).toEqual([]);
    const m = matchUnits(round.units, (await readRound(H2)).round.units);
    expect(m.matched).toHaveLength(40);
  });

  it('checks every record, and its candidates against its own totals, and reports bad ones by line and index, keeping the rest', async () => {
    const records = JSON.parse(readFileSync(H2, 'utf8')) as Record<string, unknown>[];
    records[2] = { ...records[2], inscrits: '1 2a' };
    records[4] = { ...records[4], candidats: 'none' };
    // A candidate missing: the others no longer add up to the record's exprimes.
    records[6] = { ...records[6], candidats: (records[6]!.candidats as unknown[]).slice(1) };
    records[7] = { ...records[7], votants: '9999' };
    const { bureauDeVote: _, ...noCode } = records[9]!;
    records[9] = noCode;
    records[10] = { ...records[10], nuls: null };
    const text = `[${records.map((r) => JSON.stringify(r)).join(',\n')}, 42]`;
    const { round } = await readRound(temp('bad.json', text));
    expect(round.units).toHaveLength(34);
    expect(round.bad.map((b) => b.line)).toEqual([3, 5, 7, 8, 10, 11, 40]);
    expect(round.bad[0]!.message).toMatch(/^record 3: inscrits: "1 2a" is not a number; the record is skipped$/);
    expect(round.bad[1]!.message).toMatch(/^record 5: candidats: /);
    expect(round.bad[2]!.message).toMatch(/^record 7: the candidates' votes add up to \d+, not to its exprimes \d+ \(a candidate missing\?\); the record is skipped$/);
    expect(round.bad[3]!.message).toMatch(/^record 8: expressed, blank and null add up to \d+, not to its votants 9999/);
    // A field missing or of the wrong type: what was expected, and what was found.
    expect(round.bad[4]!.message).toBe('record 10: bureauDeVote: missing (expected a code: text or a number); the record is skipped');
    expect(round.bad[5]!.message).toBe('record 11: nuls: expected a count: a number or its text, found null; the record is skipped');
    expect(round.bad[6]!.message).toMatch(/^record 41: .*not a JSON object/);
    // Minified, every record starts on line 1: the index tells them apart.
    const one = (await readRound(temp('one.json', JSON.stringify(records)))).round;
    expect(one.bad.map((b) => [b.line, b.message.slice(0, 10)])).toEqual([[1, 'record 3: '], [1, 'record 5: '], [1, 'record 7: '], [1, 'record 8: '], [1, 'record 10:'], [1, 'record 11:']]);
  });

  const full = (r: string): string => join(SHARED, `fr-legislatives-2022-herault-by-station-${r}-tour.json`);
  it.skipIf(!existsSync(full('1er')))('reads the whole Hérault files (943 stations each) and matches every station', async () => {
    const [a, b] = [(await readRound(full('1er'))).round, (await readRound(full('2nd'))).round];
    expect([a.units.length, b.units.length, a.bad.length, b.bad.length]).toEqual([943, 943, 0, 0]);
    const m = matchUnits(a.units, b.units);
    expect([m.matched.length, m.onlyInA.length, m.onlyInB.length]).toEqual([943, 0, 0]);
    expect(new Set(a.units.map((u) => u.district)).size).toBe(9);
  });
});

describe('UK EU referendum by counting area', () => {
  it('reads Remain, Leave, rejected ballots and abstention = Electorate − Votes_Cast', async () => {
    const { round } = await readRound(UK);
    expect(round.format).toBe('uk-euref');
    expect(round.options.map((o) => `${o.key}:${o.kind}`)).toEqual(['REMAIN:choice', 'LEAVE:choice', 'NULL:null', 'ABSTENTION:abstention']);
    expect(round.units).toHaveLength(382);
    expect(round.units[0]).toMatchObject({ code: 's12000033', sourceCode: 'S12000033', name: 'Aberdeen City', district: 'Scotland', registered: 154266, counts: [63985, 40729, 95, 154266 - 104809] });
    // The official national counts.
    expect([votes(round, 'REMAIN'), votes(round, 'LEAVE'), votes(round, 'NULL')]).toEqual([16_141_241, 17_410_742, 25_359]);
    expect(roundTurnout(round).total.turnout).toBeCloseTo(0.7221, 4);
  });

  it('refuses an area whose ballots do not add up to its Votes_Cast (a value cut short or shifted)', async () => {
    const lines = readFileSync(UK, 'utf8').split('\n');
    lines[1] = lines[1]!.replace(',63985,', ',6398,');
    const { round } = await readRound(temp('uk.csv', lines.join('\n')));
    expect(round.units).toHaveLength(381);
    expect(round.bad).toEqual([{ line: 2, message: 'unit S12000033: Remain, Leave and Rejected_Ballots add up to 47222, not to Votes_Cast (104809); the unit is skipped' }]);
  });
});

describe('format detection', () => {
  it('knows each layout from its first bytes, and can be overridden', async () => {
    expect((await readRound(UK)).round.format).toBe('uk-euref');
    expect((await readRound(UK, { format: 'generic', columns: ['Remain', 'Leave'], id: 'Area_Code' })).round.format).toBe('generic');
    expect(detectResultFormat(readFileSync(FIN1, 'utf8').slice(0, 4000), 'x')).toBe('fr-ministry');
    expect(detectResultFormat('unit,yes,no\n1,2,3\n', 'x')).toBe('generic');
  });

  it('refuses JSON that is not per-station results, and a file without a header', () => {
    expect(() => detectResultFormat('[{"a": 1}]', 'x.json')).toThrow(InputError);
    expect(() => detectResultFormat('', 'empty.csv')).toThrow(/empty file/);
    expect(() => detectResultFormat('just words\n', 'notes.txt')).toThrow(/one column/);
  });
});
