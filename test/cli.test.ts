import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_CACHE } from '../src/core/bundle.mjs';
import { BIN, runCli } from './support/cli';
import { goodLine, mixedFile, tempDir } from './support/corpus';

const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '' };

describe('hustings command line', () => {
  it('runs from a bundle of its sources, and on the sources themselves with HUSTINGS_BUNDLE=0, to the same output', async () => {
    const dir = tempDir();
    const { path } = mixedFile(dir, 200, 20);
    const args = ['listen', 'classify', path, '--threads', '2', '--out', '-'];
    const bundled = await runCli(args, { cwd: dir, env: { ...env, HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32) } });
    expect(bundled.code, bundled.stderr).toBe(0);
    const manifests = readdirSync(BUNDLE_CACHE).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(BUNDLE_CACHE, f), 'utf8')) as { inputs: [string][] });
    for (const source of ['src/cli/main.ts', 'src/listen/stage/worker-main.ts']) expect(manifests.some((m) => m.inputs.some(([p]) => p === source)), source).toBe(true);
    const sources = await runCli(args, { cwd: dir, env: { ...env, HUSTINGS_PSEUDONYM_KEY: '42'.repeat(32), HUSTINGS_BUNDLE: '0' } });
    expect(sources.code, sources.stderr).toBe(0);
    expect(sources.stdout).toBe(bundled.stdout);
    expect(bundled.stdout.trim().split('\n')).toHaveLength(200);
  });

  it('ingests with a JSON summary, keeps the key beside the store, and reports status', async () => {
    const dir = tempDir();
    const { path, badLines } = mixedFile(dir, 300, 30);
    const r = await runCli(['listen', 'ingest', path, '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, number>;
    expect(summary).toMatchObject({ read: 300 + badLines.length, stored: 300, duplicates: 0, bad: badLines.length, skipped: 0 });
    expect(existsSync(join(dir, 'hustings.db'))).toBe(true);
    expect(readFileSync(join(dir, 'hustings.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = JSON.parse((await runCli(['listen', 'ingest', path, '--json'], { cwd: dir, env })).stdout) as Record<string, number>;
    expect(again).toMatchObject({ stored: 0, duplicates: 300 });
    const status = await runCli(['status', '--json'], { cwd: dir, env });
    expect(JSON.parse(status.stdout)).toMatchObject({ posts: 300, dialect: 'sqlite', platforms: { generic: 300 } });
  });

  it('lists bad lines on standard error, and reads standard input', async () => {
    const dir = tempDir();
    const input = `${goodLine(1)}\n{"id": 2, "text": "no date"\n${goodLine(3)}\n`;
    const r = await runCli(['--db', join(dir, 'x.db'), 'listen', 'ingest', '-'], { cwd: dir, env, input });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read 3 · stored 2 · duplicates 0 · bad 1 · skipped 0');
    expect(r.stderr).toContain('stdin:2: truncated JSON');
  });

  it('keeps posts dated after the run began, and says how many and how late', async () => {
    const dir = tempDir();
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const lines = [goodLine(1), JSON.stringify({ id: 'f1', text: 'from the future', created_at: '2099-12-31T23:00:00Z' }), JSON.stringify({ id: 'f2', text: 'within the hour', created_at: soon })];
    const r = await runCli(['--db', join(dir, 'x.db'), 'listen', 'ingest', '-'], { cwd: dir, env, input: `${lines.join('\n')}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('stored 3');
    expect(r.stderr).toContain('1 post is dated more than a day after this run began (the latest 2099-12-31)');
    const json = await runCli(['--db', join(dir, 'y.db'), 'listen', 'ingest', '-', '--json'], { cwd: dir, env, input: `${lines.join('\n')}\n` });
    expect(JSON.parse(json.stdout)).toMatchObject({ stored: 3, future: { posts: 1, latest: Date.UTC(2099, 11, 31, 23) } });
  });

  it('exits 3 with one line for a missing file, before storing anything', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.jsonl'), `${goodLine(1)}\n`);
    const r = await runCli(['listen', 'ingest', 'ok.jsonl', 'nope.jsonl'], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe('hustings: cannot read nope.jsonl: no such file');
    expect(existsSync(join(dir, 'hustings.db'))).toBe(false);
    const status = await runCli(['status', '--json'], { cwd: dir, env });
    expect([status.code, status.stderr.trim()]).toEqual([3, 'hustings: no store at ./hustings.db: this command reads one and makes none (check --db, or HUSTINGS_DB)']);
  });

  it('exits 3 when a file is in no known format, after storing the others', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.jsonl'), `${goodLine(1)}\n`);
    writeFileSync(join(dir, 'notes.txt'), 'just some notes\nnothing else\n');
    const r = await runCli(['listen', 'ingest', 'notes.txt', 'ok.jsonl', '--json'], { cwd: dir, env });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ stored: 1 });
  });

  it('runs the demo as the README says, on a fresh folder, with the same corpus for the same seed', async () => {
    const dir = tempDir();
    const r = await runCli(['demo', '--posts', '3000', '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout) as { synthetic: boolean; stored: number; bad: number; status: { posts: number; platforms: Record<string, number> } };
    expect(demo).toMatchObject({ synthetic: true, bad: 3 });
    expect(demo.status.posts).toBe(demo.stored);
    expect(Object.keys(demo.status.platforms).sort()).toEqual(['bluesky', 'generic', 'mastodon', 'twitter']);
    const report = (JSON.parse(r.stdout) as { report: { posts: number; decided: number; share: Record<string, number>; byCountry: { key: string }[] } }).report;
    expect(report.posts).toBe(demo.stored);
    expect(report.decided).toBeGreaterThan(report.posts / 3);
    expect(report.share.remain! + report.share.leave!).toBeCloseTo(1, 6);
    expect(report.byCountry.find((x) => x.key !== 'unknown')?.key).toBe('GB');
    const first = readFileSync(join(dir, 'hustings-demo', 'synthetic-posts.csv'), 'utf8');
    const again = await runCli(['demo', '--posts', '3000', '--out', 'second', '--json'], { cwd: dir, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ stored: 0, duplicates: demo.stored });
    expect(readFileSync(join(dir, 'second', 'synthetic-posts.csv'), 'utf8')).toBe(first);
    const other = await runCli(['demo', '--posts', '3000', '--seed', '7', '--out', 'third', '--json'], { cwd: dir, env });
    expect(readFileSync(join(dir, 'third', 'synthetic-posts.csv'), 'utf8')).not.toBe(first);
    expect(other.code).toBe(0);
  });

  it('lists the built-in questions and checks a question file, saying where it is wrong', async () => {
    const dir = tempDir();
    const list = await runCli(['listen', 'questions', '--json'], { env });
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: 'brexit', sides: ['leave', 'remain'] }]);
    writeFileSync(join(dir, 'q.yaml'), 'id: x\nsides: [a, b]\nlanguages:\n  en:\n    cues:\n      - {text: "#A", side: c}\n');
    const bad = await runCli(['listen', 'questions', '--check', join(dir, 'q.yaml')], { env });
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim()).toBe(`hustings: ${join(dir, 'q.yaml')}: languages.en.cues.0.side: expected one of a, b, found "c"`);
  });

  it('classifies posts to JSON lines, one per post, reporting bad lines', async () => {
    const dir = tempDir();
    const input = [
      JSON.stringify({ id: 'a', text: 'Take back control! #VoteLeave', created_at: '2016-06-20T10:00:00Z', user_location: 'Leeds, England' }),
      '{"id": "b", "text": "cut off',
      JSON.stringify({ id: 'c', text: 'Restez avec nous, l’économie en dépend', created_at: '2016-06-20T11:00:00Z', lang: 'fr' }),
    ].join('\n');
    writeFileSync(join(dir, 'posts.jsonl'), `${input}\n`);
    const r = await runCli(['listen', 'classify', 'posts.jsonl', '--out', 'out.jsonl'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('posts.jsonl:2: truncated JSON');
    const rows = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((x) => x.id)).toEqual(['a', 'c']);
    expect(rows[0]).toMatchObject({ lang: 'en', country: 'GB', stance: { label: 'strong_leave' }, topics: ['sovereignty'] });
    expect(rows[1]).toMatchObject({ lang: 'fr', stance: { label: 'strong_remain' }, topics: ['economy'] });
    for (const row of rows) expect(Object.keys(row)).toEqual(['id', 'platform', 'lang', 'country', 'stance', 'sentiment', 'topics', 'themeSentiment']);
  });

  it('trains a stance model, scores it on the test rows, and classifies with it', async () => {
    const dir = tempDir();
    const texts = (side: string, words: string[]): string[] => words.flatMap((w, i) => [`${w} matters most ${i}`, `think about ${w} ${i}`]).map((t) => JSON.stringify({ text: t, label: side }));
    const lines = [...texts('remain', ['europe', 'together', 'neighbours', 'cooperation']), ...texts('leave', ['borders', 'sovereignty', 'independence', 'brussels'])];
    lines.push(JSON.stringify({ text: 'europe together', label: 'remain', split: 'test' }), JSON.stringify({ text: 'borders independence', label: 'leave', split: 'test' }), 'not json');
    writeFileSync(join(dir, 'labelled.jsonl'), `${lines.join('\n')}\n`);
    const r = await runCli(['listen', 'train', '--labelled', 'labelled.jsonl', '--out', 'model.json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('on 16 labelled and 0 cue-labelled texts');
    expect(r.stdout).toContain('on the 2 test rows (never trained on): macro-F1 1');
    expect(r.stdout).toContain('no neutral head (0 neutral rows; it needs 20)');
    expect(r.stderr).toContain('labelled.jsonl:19: expected {"text": …, "label": …}; skipped');
    writeFileSync(join(dir, 'posts.jsonl'), `${JSON.stringify({ id: 'p', text: 'europe and cooperation', created_at: '2016-06-20T10:00:00Z', lang: 'en' })}\n`);
    const c = await runCli(['listen', 'classify', 'posts.jsonl', '--model', 'model.json'], { cwd: dir, env });
    expect(JSON.parse(c.stdout)).toMatchObject({ stance: { label: 'weak_remain', cues: [] } });
    // Neutral rows train a neutral head; --languages limits the posts the model reads.
    const neutral = Array.from({ length: 24 }, (_, i) => JSON.stringify({ text: `lunch was nice today ${i}`, label: i % 2 ? 'neutral' : 'none' }));
    writeFileSync(join(dir, 'labelled3.jsonl'), `${[...lines, ...neutral, JSON.stringify({ text: 'x', label: 'maybe' })].join('\n')}\n`);
    const r3 = await runCli(['listen', 'train', '--labelled', 'labelled3.jsonl', '--languages', 'en', '--out', 'model3.json'], { cwd: dir, env });
    expect(r3.code, r3.stderr).toBe(0);
    expect(r3.stdout).toContain('with a neutral head from 24 neutral rows');
    expect(r3.stdout).toContain('reads posts in: en');
    expect(r3.stderr).toContain('label "maybe": expected one of leave, remain, neutral, none; skipped');
    writeFileSync(join(dir, 'fr.jsonl'), `${JSON.stringify({ id: 'f', text: 'europe et coopération', created_at: '2016-06-20T10:00:00Z', lang: 'fr' })}\n`);
    const fr = JSON.parse((await runCli(['listen', 'classify', 'fr.jsonl', '--model', 'model3.json'], { cwd: dir, env })).stdout) as { stance: { model?: number } };
    expect(fr.stance.model).toBeUndefined();
    // Labels of one side only: a model would call everything that side.
    writeFileSync(join(dir, 'oneside.jsonl'), `${texts('leave', ['borders', 'sovereignty', 'independence', 'brussels']).join('\n')}\n`);
    const oneSide = await runCli(['listen', 'train', '--labelled', 'oneside.jsonl', '--out', 'm1.json'], { cwd: dir, env });
    expect([oneSide.code, oneSide.stderr]).toEqual([3, expect.stringContaining('too few examples of one side to train on: expected at least 5 of each, found leave 8 and remain 0; no model written')]);
    expect(existsSync(join(dir, 'm1.json'))).toBe(false);
    const badLang = await runCli(['listen', 'train', '--labelled', 'labelled3.jsonl', '--languages', 'english', '--out', 'm.json'], { cwd: dir, env });
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toContain('--languages: expected ISO 639-1 codes separated by commas (e.g. en,fr), found "english"');
  });

  it('stores classifications at ingest and reports from the store as from the file, text, JSON and HTML', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify({ id: `s${i}`, text: i % 3 ? 'Vote remain, the economy needs Europe #StrongerIn' : 'Take back control of our borders #VoteLeave', created_at: `2016-06-${10 + (i % 5)}T10:00:00Z`, lang: 'en', user_location: i % 2 ? 'London' : 'Dublin, Ireland' }),
    );
    writeFileSync(join(dir, 'posts.jsonl'), `${lines.join('\n')}\n`);
    // No store yet: a report reads one and makes none (a mistyped --db left an empty store behind).
    const noStore = await runCli(['listen', 'report', '--store'], { cwd: dir, env });
    expect([noStore.code, noStore.stderr]).toEqual([3, expect.stringContaining('this command reads one and makes none (check --db, or HUSTINGS_DB)')]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.db'))).toEqual([]);
    // An empty input makes an empty store.
    writeFileSync(join(dir, 'none.jsonl'), '');
    expect((await runCli(['listen', 'ingest', 'none.jsonl', '--no-progress'], { cwd: dir, env })).code).toBe(0);
    const empty = await runCli(['listen', 'report', '--store'], { cwd: dir, env });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toContain('No post in the store is classified for question brexit');
    const none = await runCli(['listen', 'report', 'none.jsonl'], { cwd: dir, env });
    expect(none.stdout).toContain('0 posts, 0 decided (–)');
    expect(none.stdout).toContain('no post takes a side: no shares to give');
    expect((await runCli(['listen', 'ingest', 'posts.jsonl', '--no-progress'], { cwd: dir, env })).code).toBe(0);
    const store = await runCli(['listen', 'report', '--store', '--json', '--html', 'report.html'], { cwd: dir, env });
    expect(store.code, store.stderr).toBe(0);
    const file = await runCli(['listen', 'report', 'posts.jsonl', '--json'], { cwd: dir, env });
    expect(store.stdout).toBe(file.stdout);
    expect(JSON.parse(store.stdout)).toMatchObject({ posts: 60, decided: 60, share: { leave: 0.3333, remain: 0.6667 }, byCountry: [{ key: 'GB', posts: 30 }, { key: 'IE', posts: 30 }] });
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
    const text = await runCli(['listen', 'report', '--store'], { cwd: dir, env });
    expect(text.stdout).toContain('remain');
    expect(text.stdout).toMatch(/Top hashtags .*\n {2}#strongerin +40\n {2}#voteleave +20\n/);
    expect(text.stdout).toMatch(/Top phrases .*\n {2}economy needs europe +40\n {2}vote remain +40\n/);
    const status = await runCli(['status', '--json'], { cwd: dir, env });
    expect(JSON.parse(status.stdout)).toMatchObject({ posts: 60, classified: { brexit: 60 } });
  });

  it('classifies English posts with the built-in model by default, and by cues alone with --no-model', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'p.jsonl'), `${JSON.stringify({ id: 'e', text: 'Brussels bureaucrats should not make our laws, time to go', created_at: '2016-06-20T10:00:00Z', lang: 'en' })}\n${JSON.stringify({ id: 'f', text: 'Bruxelles fait nos lois', created_at: '2016-06-20T10:00:00Z', lang: 'fr' })}\n`);
    const withModel = (await runCli(['listen', 'classify', 'p.jsonl'], { cwd: dir, env })).stdout.trim().split('\n').map((l) => JSON.parse(l) as { stance: { label: string; model?: number } });
    expect(withModel[0]!.stance.model).toBeLessThan(0.5);
    expect(withModel[0]!.stance.label).toBe('weak_leave');
    // The built-in model is trained on English: a French post is read by its cues alone.
    expect(withModel[1]!.stance.model).toBeUndefined();
    const cuesOnly = JSON.parse((await runCli(['listen', 'classify', 'p.jsonl', '--no-model'], { cwd: dir, env })).stdout.split('\n')[0]!) as { stance: { label: string; model?: number } };
    expect(cuesOnly.stance).toMatchObject({ label: 'neutral', cues: [] });
    expect(cuesOnly.stance.model).toBeUndefined();
  });

  it('exits 2 on bad usage, naming what was wrong', async () => {
    const noFiles = await runCli(['listen', 'ingest'], { env });
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toContain("missing required argument 'files'");
    const badFormat = await runCli(['listen', 'ingest', 'x', '--format', 'fax'], { env });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("argument 'fax' is invalid. Allowed choices are auto, generic, csv");
    const neither = await runCli(['listen', 'report'], { env });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('expected files to report on, or --store for the posts in the store');
    const both = await runCli(['listen', 'report', 'x.jsonl', '--store'], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give files or --store, not both (found --store and 1 file)');
    const platform = await runCli(['listen', 'ingest', 'x.jsonl', '--platform', 'TWITTER'], { env });
    expect([platform.code, platform.stderr]).toEqual([2, expect.stringContaining('expected a lower-case platform name (letters, digits, _ and -, such as twitter or bluesky), found "TWITTER"')]);
    const noThreads = await runCli(['listen', 'classify', 'x.jsonl', '--threads', ''], { env });
    expect([noThreads.code, noThreads.stderr]).toEqual([2, expect.stringContaining('expected a whole number from 0 to 64, found ""')]);
    const threads = await runCli(['listen', 'classify', 'x.jsonl', '--threads', 'many'], { env });
    expect(threads.code).toBe(2);
    expect(threads.stderr).toContain('expected a whole number from 0 to 64, found "many"');
    const badUrl = await runCli(['status'], { env: { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/^hustings: cannot connect to PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
    const inQuery = await runCli(['status'], { env: { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none?password=SECRETQ' } });
    expect([inQuery.code, inQuery.stderr]).toEqual([2, expect.stringContaining('postgres://nobody@127.0.0.1:1/none?password=***')]);
    expect(inQuery.stderr).not.toContain('SECRETQ');
    // A number is digits, a date a calendar day not yet to come.
    const hex = await runCli(['contacts', 'erase', '0x10', '--yes'], { env });
    expect([hex.code, hex.stderr]).toEqual([2, expect.stringContaining('expected a positive whole number up to 2,147,483,647, found "0x10"')]);
    for (const day of ['2026-02-30', '1', '2999-01-01']) {
      const r = await runCli(['contacts', 'requests', 'open', 'access', '--received', day], { env });
      expect([r.code, r.stderr], day).toEqual([2, expect.stringContaining(`--received: expected a date no later than today, such as 2026-01-31, found "${day}"`)]);
    }
    // Redis away: the store is shown all the same, then what is wrong with Redis.
    const dir = tempDir();
    // A file of which no item is a post: exit 3, after the report.
    writeFileSync(join(dir, 'labels.jsonl'), '{"text":"a","label":"leave"}\n{"text":"b","label":"remain"}\n');
    const wrong = await runCli(['listen', 'ingest', 'labels.jsonl', '--no-progress'], { cwd: dir, env });
    expect([wrong.code, wrong.stderr]).toEqual([3, expect.stringContaining('none of the 2 items read is a post: is this the right file and format?')]);
    // A full disk under standard output: one line, exit 3, no stack.
    const full = spawnSync(BIN, ['status', '--json'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'], encoding: 'utf8' });
    expect([full.status, full.stderr.trim()]).toEqual([3, 'hustings: cannot write to standard output (ENOSPC)']);
    // An output that is an input would be emptied before it is read.
    writeFileSync(join(dir, 'in.jsonl'), '{"id":"1","text":"Vote leave","created_at":"2016-06-01T00:00:00Z"}\n');
    const self = await runCli(['listen', 'classify', 'in.jsonl', '--out', 'in.jsonl'], { cwd: dir, env });
    expect([self.code, self.stderr]).toEqual([2, expect.stringContaining('--out in.jsonl: expected another file than the input in.jsonl')]);
    expect(readFileSync(join(dir, 'in.jsonl'), 'utf8')).toContain('Vote leave');
    // --db naming a file that is no database.
    const notDb = await runCli(['--db', join(dir, 'in.jsonl'), 'status'], { env });
    expect([notDb.code, notDb.stderr.trim()]).toEqual([2, `hustings: cannot open SQLite store ${join(dir, 'in.jsonl')}: expected a SQLite database (or a path where one can be made), found another kind of file`]);
    const away = await runCli(['status', '--redis', 'redis://127.0.0.1:1'], { cwd: dir, env });
    expect(away.code).toBe(2);
    expect(away.stdout).toMatch(/^Store: .*\nPosts: /);
    expect(away.stderr).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1/);
    const awayJson = await runCli(['status', '--json', '--redis', 'redis://127.0.0.1:1'], { cwd: dir, env });
    expect(JSON.parse(awayJson.stdout)).toMatchObject({ stream: null, streamError: expect.stringMatching(/Redis at redis:\/\/127\.0\.0\.1:1/) });
    // Another database's URL is not taken for a SQLite file name.
    const mysql = await runCli(['--db', 'mysql://root:secret@127.0.0.1/x', 'status'], { env });
    expect([mysql.code, mysql.stderr.trim()]).toEqual([2, 'hustings: cannot open mysql:// stores: expected a SQLite file or a postgres:// URL, found mysql://root:***@127.0.0.1/x']);
  });
});
