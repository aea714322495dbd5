import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestApp } from './support/app';
import { inProcess } from './support/cli-in-process';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { addArea, addCampaign, addEvent, addGrid } from './support/field-turfs-fixture';


describe('hustings field turfs / progress / answers (command line)', () => {
  let t: TestApp;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await t?.close();
  });

  it('cuts, lists, shows, edits and reports; bad input exits 3 with the reason', async () => {
    t = await openTestApp(backends()[0]!);
    await addArea(t.app, 'A1');
    await addGrid(t.app, 'A1', { rows: 3, cols: 20 });
    const campaign = await addCampaign(t.app);
    for (const [k, v] of Object.entries({ DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_DATA_DIR: '', HUSTINGS_PSEUDONYM_KEY: '5f'.repeat(32) })) vi.stubEnv(k, v);
    const cli = (...args: string[]) => inProcess(['--db', t.app.config.sqlitePath, 'field', ...args]);
    const cut = await cli('turfs', 'cut', '--campaign', String(campaign), '--area', 'A1', '--target', '30');
    expect(cut.code, cut.stderr).toBe(0);
    expect(cut.stdout).toBe('area A1: 2 turfs, 60 doors at 60 addresses; 100 % within ±25 % of 30; doors per turf min 30, median 30, max 30\n');
    const list = await cli('turfs', 'list', '--campaign', String(campaign), '--json');
    const turfs = (JSON.parse(list.stdout) as { turfs: { id: number; number: number }[] }).turfs;
    expect(turfs.map((x) => x.number)).toEqual([1, 2]);
    // A campaign that does not exist is told from one without turfs.
    const typo = await cli('turfs', 'list', '--campaign', '999');
    expect([typo.code, typo.stderr.trim()]).toEqual([3, 'hustings: campaign 999: no such campaign']);
    const show = await cli('turfs', 'show', String(turfs[0]!.id));
    expect(show.stdout.split('\n')[0]).toBe(`turf ${turfs[0]!.id}: campaign ${campaign}, area A1, no. 1, 30 doors, version 1`);
    expect(show.stdout.split('\n')[1]).toMatch(/^1\t\d+ rue \d\t1 door\t-$/);
    const door = (JSON.parse((await cli('turfs', 'show', String(turfs[0]!.id), '--json')).stdout) as { doors: { addressId: number }[] }).doors[0]!.addressId;
    const move = await cli('turfs', 'move', '--doors', String(door), '--to', String(turfs[1]!.id));
    expect(move.stdout).toMatch(new RegExp(`^moved 1 doors: turf ${turfs[0]!.id} \\(no. 1, 29 doors, 29 addresses, version 2\\); turf ${turfs[1]!.id} \\(no. 2, 31 doors`));
    const split = await cli('turfs', 'split', String(turfs[1]!.id), '--parts', '2');
    const parts = [...split.stdout.matchAll(/turf (\d+) \(no. (\d), (\d+) doors/g)].map((m) => m.slice(1).map(Number));
    expect(parts.map((p) => p[1])).toEqual([2, 3]);
    expect(parts[0]![2]! + parts[1]![2]!).toBe(31);
    const merged = await cli('turfs', 'merge', String(turfs[0]!.id), String(parts[1]![0]));
    expect(merged.stdout).toBe(`merged: turf ${turfs[0]!.id} (no. 1, ${29 + parts[1]![2]!} doors, ${29 + parts[1]![2]!} addresses, version 3); removed turf ${parts[1]![0]}\n`);

    const bad = await cli('turfs', 'cut', '--campaign', String(campaign));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected --area <id> or --all');
    const across = await cli('turfs', 'merge', String(turfs[0]!.id), '999');
    expect([across.code, across.stderr.trim()]).toEqual([3, expect.stringContaining('turf 999: no such turf')]);

    const [first] = (await t.app.store.db.selectFrom('field_turf_doors').select(['turf_id', 'address_id']).where('campaign_id', '=', campaign).orderBy('seq').limit(1).execute()) as { turf_id: number; address_id: number }[];
    await addEvent(t.app, { campaignId: campaign, turfId: Number(first!.turf_id), addressId: Number(first!.address_id), result: 'contacted', at: 5, answers: { intent: 'yes' } });
    const progress = await cli('progress', '--campaign', String(campaign), '--by', 'campaign', '--csv');
    expect(progress.stdout.split('\r\n')[1]).toBe(`${campaign},1,2,60,60,1,0.0167,1,1,1,0,0,0,0,0`);
    const answers = await cli('answers', '--campaign', String(campaign));
    expect(answers.stdout).toContain('A1 · intent (base <5)');
    expect(answers.stdout).toContain('yes\tsuppressed (<5)');
    const again = await cli('turfs', 'cut', '--campaign', String(campaign), '--all');
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/in use \(1 door events\); no area was cut/);
  });
});
