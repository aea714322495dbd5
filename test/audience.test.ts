import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { audienceReport } from '../src/listen/audience';
import { builtinModelPath, loadQuestion } from '../src/listen/questions';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { runCli } from './support/cli';

const question = await loadQuestion('brexit');

/** Authors per (age, gender): 12 women and 11 men aged 25-34 (one given as age 30), 3 women aged 35-44, 14 men aged 35-44. */
const GROUPS: [age: string | number, gender: string, authors: number][] = [
  ['25-34', 'female', 11],
  [30, 'F', 1],
  ['25–34', 'male', 11],
  ['35-44', 'female', 3],
  ['35 to 44', 'Homme', 14],
];

function corpus(): string {
  const lines: string[] = [];
  let n = 0;
  for (const [age, gender, authors] of GROUPS) {
    for (let a = 0; a < authors; a++) {
      const author = `a-${String(age)}-${gender}-${a}`;
      // Two posts each: the count of posts is not the count of people.
      for (const text of ['Vote leave, take back control #VoteLeave', 'Stronger in Europe #StrongerIn']) {
        lines.push(JSON.stringify({ id: `p${n++}`, text, created_at: '2016-06-20T10:00:00Z', lang: 'en', author_id: author, age_band: age, gender }));
      }
    }
  }
  lines.push(JSON.stringify({ id: 'bad-gender', text: 'Remain', created_at: '2016-06-20T10:00:00Z', gender: 'yes' }));
  lines.push(JSON.stringify({ id: 'bad-age', text: 'Remain', created_at: '2016-06-20T10:00:00Z', age: 7 }));
  lines.push(JSON.stringify({ id: 'no-audience', text: 'Remain', created_at: '2016-06-20T10:00:00Z', author_id: 'x' }));
  return `${lines.join('\n')}\n`;
}

describe.each(backends())('audience breakdowns on $name', (backend) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  it('counts distinct people by age band and gender, suppresses cells under 10 people and the cell that would give one away, everywhere', async () => {
    t = await openTestApp(backend);
    const file = join(t.dir, 'audience.jsonl');
    writeFileSync(file, corpus());
    const summary = await t.ingest([file], {}, { question, modelPath: builtinModelPath('brexit') });
    expect(summary.bad).toBe(2);
    expect(summary.badShown.map((b) => b.error)).toEqual([expect.stringContaining('gender: expected female, male or other, found a text of 3 characters'), expect.stringContaining('age: expected 13–120, found 7')]);
    // Only bands are stored, never an exact age.
    const stored = await t.posts.db.selectFrom('posts').select(['age_band', 'gender']).distinct().execute();
    expect(stored.map((r) => `${r.age_band}/${r.gender}`).sort()).toEqual(['25-34/female', '25-34/male', '35-44/female', '35-44/male', 'null/null']);

    const r = await audienceReport(t.posts, question.id, question.sides, {});
    expect([r.posts, r.people]).toEqual([2 * 40, 40]);
    expect(r.byAgeBand).toEqual([
      { key: '25-34', posts: 46, people: 23, shareB: expect.any(Number) },
      { key: '35-44', posts: 34, people: 17, shareB: expect.any(Number) },
    ]);
    expect(r.byGender.map((m) => [m.key, m.people])).toEqual([['female', 15], ['male', 25]]);
    // 35-44 women (3 people) are hidden; so is the smallest other cell of their age band and of their gender line.
    const hidden = r.cells.filter((c) => c.suppressed).map((c) => `${c.ageBand}/${c.gender}`);
    expect(hidden.sort()).toEqual(['25-34/female', '25-34/male', '35-44/female', '35-44/male']);
    for (const c of r.cells) if (!c.suppressed) expect(c.people).toBeGreaterThanOrEqual(10);
    expect(JSON.stringify(r.cells.filter((c) => c.suppressed))).not.toMatch(/posts|people/);

    // The API and the command line give the same, suppressed, figures.
    const users = new UserStore(t.app.store);
    await users.add('vic', 'viewer', 'a long enough password');
    const api = createServerApp({ users, posts: t.posts, questions: new Map([[question.id, question]]), live: null, secureCookies: false, version: 'test' });
    const headers = { authorization: `Bearer ${await users.issueToken('vic', 'test')}` };
    expect(await (await api.request('/api/listen/audience', { headers })).json()).toEqual(JSON.parse(JSON.stringify(r)));
    // Filters reach the breakdown: leave posts only (one per author here).
    const leave = (await (await api.request('/api/listen/audience?stance=strong_leave', { headers })).json()) as { posts: number | null };
    expect(leave).toEqual(JSON.parse(JSON.stringify(await audienceReport(t.posts, question.id, question.sides, { stance: 'strong_leave' }))));
    expect(leave.posts).toBeGreaterThan(0);
    expect(leave.posts).toBeLessThan(80);
    // A server of another question answers for it when none is asked for (not for brexit, which it does not serve).
    const other = { ...question, id: 'indyref' };
    const otherApi = createServerApp({ users, posts: t.posts, questions: new Map([[other.id, other]]), live: null, secureCookies: false, version: 'test' });
    const samples = await otherApi.request('/api/listen/samples', { headers });
    expect([samples.status, ((await samples.json()) as { question: string }).question]).toEqual([200, 'indyref']);
    expect((await otherApi.request('/api/listen/samples?question=brexit', { headers })).status).toBe(404);
    if (backend.name === 'sqlite') {
      const cli = await runCli(['--db', join(t.dir, 'test.db'), '--data-dir', t.dir, 'listen', 'audience', '--json'], { env: { HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) } });
      expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(r)));
      const text = await runCli(['--db', join(t.dir, 'test.db'), '--data-dir', t.dir, 'listen', 'audience'], { env: { HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) } });
      expect(text.stdout).toMatch(/80 posts by 40 people/);
      expect(text.stdout).not.toMatch(/\b3\b/);
    }
  });
});
