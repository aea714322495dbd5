import { join } from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpedVersion, parseScript, RESULT_CODES } from '../src/field/campaigns';
import { storedScript } from '../src/field/campaigns/script';
import { contactsDb } from '../src/contacts/tables';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { runCli } from './support/cli';
import type { Call, Json } from './support/field-fixture';
import { addCampaign, addTurf, assign, EXAMPLE_SCRIPT, fieldServer } from './support/field-fixture';

type Script = { questions: Json[]; consents: Json[]; notice: { version: string; text: string } } & Json;
const example = (): Script => structuredClone(EXAMPLE_SCRIPT) as Script;

function problem(edit: (s: Script) => void): string {
  const s = example();
  edit(s);
  try {
    parseScript(s, 'script.json');
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
}

describe('door scripts', () => {
  it('accepts the example script, with its four kinds of question, two consents and a notice', () => {
    const s = parseScript(EXAMPLE_SCRIPT);
    expect(s.questions.map((q) => q.kind)).toEqual(['single', 'multiple', 'scale', 'text']);
    expect(s.consents.map((c) => `${c.purpose}/${c.channel}`)).toEqual(['newsletter/email', 'volunteering/phone']);
    expect(s.notice.version).toBe('2026-11');
    expect(RESULT_CODES).toEqual(['contacted', 'not_home', 'refused', 'moved', 'come_back', 'do_not_contact']);
  });

  it('names the path of what is wrong', () => {
    expect(problem((s) => (s.questions[1]!.options = [{ id: 'only', label: 'Only one' }]))).toBe('script.json: questions[1].options: expected at least 2 options');
    expect(problem((s) => (s.questions[0]!.kind = 'ranking'))).toBe('script.json: questions[0].kind: expected kind single, multiple, scale or text');
    expect(problem((s) => (s.questions[3]!.id = 'intent'))).toBe('script.json: questions[3].id: expected a unique id, found "intent" twice');
    expect(problem((s) => (s.questions[2]!.min = 5))).toBe('script.json: questions[2]: expected min < max and at most 100 steps, found min 5, max 5');
    expect(problem((s) => (s.questions[0]!.options = [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }]))).toBe('script.json: questions[0].options: expected unique option ids');
    expect(problem((s) => (s.questions[0]!.id = 'Intent!'))).toMatch(/^script\.json: questions\[0\]\.id: expected an id of lower-case letters/);
    expect(problem((s) => (s.consents[0]!.channel = 'pigeon'))).toBe('script.json: consents[0].channel: expected one of email, phone, sms, mail, door, social, found "pigeon"');
    expect(problem((s) => (s.consents[1]!.purpose = 'Get Votes'))).toMatch(/^script\.json: consents\[1\]\.purpose: expected a purpose such as newsletter/);
    expect(problem((s) => (s.consents[1] = { ...s.consents[0]! }))).toBe('script.json: consents[1]: expected one consent per purpose and channel, found newsletter/email twice');
    expect(problem((s) => delete (s as Partial<Script>).notice)).toMatch(/^script\.json: notice: /);
    expect(problem((s) => (s.notice.text = ' '))).toBe('script.json: notice.text: expected the notice text');
  });

  it('bumps a notice version that was kept for a new text', () => {
    expect(bumpedVersion('2026-11')).toBe('2026-11-r2');
    expect(bumpedVersion('2026-11-r2')).toBe('2026-11-r3');
    expect(bumpedVersion('x'.repeat(40))).toBe(`${'x'.repeat(37)}-r2`);
    expect(bumpedVersion(`${'x'.repeat(37)}-r9`)).toBe(`${'x'.repeat(36)}-r10`);
    // A version bumped past the bound before it was kept (stored as it was, cited by consents) still reads.
    const stored = { ...example(), notice: { version: `${'v'.repeat(40)}-r2`, text: 'Old words.' } };
    expect(storedScript(JSON.stringify(stored), 9).notice.version).toBe(`${'v'.repeat(40)}-r2`);
  });
});

describe.each(backends())('campaigns on $name', (backend) => {
  let t: TestApp;
  let call: Call;
  beforeAll(async () => {
    t = await openTestApp(backend);
    ({ call } = await fieldServer(t));
  });
  afterAll(async () => t?.close());

  it('lets organisers create campaigns and canvassers read only those they are assigned to', async () => {
    const made = await call('org', 'POST', '/api/field/campaigns', { name: 'Riverside', script: EXAMPLE_SCRIPT, lockHours: 8 });
    expect(made).toMatchObject({ status: 200, body: { name: 'Riverside', purpose: 'canvassing', lockHours: 8, noticeVersion: '2026-11', createdBy: 'org' } });
    expect((await call('can', 'POST', '/api/field/campaigns', { name: 'Mine', script: EXAMPLE_SCRIPT })).status).toBe(403);
    expect(await call('org', 'POST', '/api/field/campaigns', { name: 'Riverside', script: EXAMPLE_SCRIPT })).toMatchObject({ status: 400, body: { error: 'campaign name: expected a new name, found "Riverside" already used' } });
    const bad = { ...EXAMPLE_SCRIPT, questions: [{ id: 'q', kind: 'scale', text: 'How much?', min: 1 }] };
    expect(await call('org', 'POST', '/api/field/campaigns', { name: 'Bad', script: bad })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^script: questions\[0\]\.max: /) } });
    expect((await call('org', 'POST', '/api/field/campaigns', { name: 'Bad', purpose: 'Votes!', script: EXAMPLE_SCRIPT })).status).toBe(400);

    const other = await addCampaign(t.app, { name: 'Hillside' });
    const { turfId } = await addTurf(t.app, other.id, [1]);
    await assign(t.app, { campaignId: other.id, turfId, user: 'cat', partner: 'can' });
    const names = async (who: string) => ((await call(who, 'GET', '/api/field/campaigns')).body.campaigns as Json[]).map((c) => c.name);
    expect(await names('org')).toEqual(['Hillside', 'Riverside']);
    expect(await names('can')).toEqual(['Hillside']);
    expect(await names('dan')).toEqual([]);
    expect(await call('can', 'GET', `/api/field/campaigns/${other.id}`)).toMatchObject({ status: 200, body: { name: 'Hillside', script: { notice: { version: '2026-11' } } } });
    expect(await call('can', 'GET', `/api/field/campaigns/${made.body.id as number}`)).toMatchObject({ status: 404, body: { error: `no campaign ${made.body.id as number}` } });
    expect((await call('org', 'GET', '/api/field/campaigns/999999')).status).toBe(404);
    const audit = await contactsDb(t.app.store.db).selectFrom('audit_log').select(['actor', 'subject']).where('action', '=', 'field.campaign.create').execute();
    expect(audit).toContainEqual({ actor: 'org', subject: `campaign:${made.body.id as number}` });
  });

  it('replaces a script, moving the notice version only when the notice changed', async () => {
    const c = await addCampaign(t.app);
    const put = (script: unknown, who = 'org') => call(who, 'PUT', `/api/field/campaigns/${c.id}/script`, script);
    const s = example();
    s.intro = 'Good evening!';
    expect(await put(s)).toMatchObject({ status: 200, body: { noticeVersion: '2026-11', script: { intro: 'Good evening!' } } });
    s.notice.text = `${s.notice.text} Data are kept in the EU.`;
    expect(await put(s)).toMatchObject({ status: 200, body: { noticeVersion: '2026-11-r2', script: { notice: { version: '2026-11-r2' } } } });
    // The same text sent again under the old version keeps the bumped version: the words did not change.
    expect((await put({ script: s })).body.noticeVersion).toBe('2026-11-r2');
    s.notice = { version: '2027-01', text: 'A new notice.' };
    expect((await put(s)).body.noticeVersion).toBe('2027-01');
    expect((await put(s, 'can')).status).toBe(403);
    expect(await put({ ...s, questions: 'none' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^script: questions: /) } });
    expect((await call('org', 'GET', `/api/field/campaigns/${c.id}`)).body).toMatchObject({ noticeVersion: '2027-01', script: { intro: 'Good evening!' } });
    // A version names one text for good: consents given under it cite those words.
    expect(await put({ ...s, notice: { version: '2026-11', text: 'Other words.' } })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^notice\.version: "2026-11" named another notice text in this campaign/) } });
    expect((await put({ ...s, notice: { version: '2026-11-r2', text: example().notice.text + ' Data are kept in the EU.' } })).body.noticeVersion).toBe('2026-11-r2');
    // A version at the 40-character limit, bumped, still fits: the campaign stays readable.
    const long = { ...s, notice: { version: 'v'.repeat(40), text: 'Long version.' } };
    expect((await put(long)).status).toBe(200);
    const bumped = await put({ ...long, notice: { version: 'v'.repeat(40), text: 'Long version, new words.' } });
    expect(bumped).toMatchObject({ status: 200, body: { noticeVersion: `${'v'.repeat(37)}-r2` } });
    expect((await call('org', 'GET', '/api/field/campaigns')).status).toBe(200);
  });
});

describe('hustings field campaign', () => {
  it('creates, lists and shows campaigns from a script file, and names the line of broken JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hustings-field-'));
    const env = { DATABASE_URL: '', HUSTINGS_DB: '', HUSTINGS_PSEUDONYM_KEY: '', HUSTINGS_DATA_DIR: '' };
    const script = join(import.meta.dirname, '..', 'data', 'field', 'example-script.json');
    const made = await runCli(['field', 'campaign', 'create', 'Riverside 2026', '--script', script, '--lock-hours', '6'], { cwd: dir, env });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout.trim()).toBe('campaign 1 "Riverside 2026" (canvassing): 4 questions, 2 consents, notice 2026-11, locks 6 h');
    const list = await runCli(['field', 'campaign', 'list', '--json'], { cwd: dir, env });
    expect((JSON.parse(list.stdout) as Json[]).map((c) => [c.id, c.name])).toEqual([[1, 'Riverside 2026']]);
    const show = await runCli(['field', 'campaign', 'show', '1'], { cwd: dir, env });
    expect(show.stdout).toContain('  support (scale): How likely are you to support our list, from 1 (not at all) to 5 (certainly)? [1–5]');
    writeFileSync(join(dir, 'broken.json'), '{\n  "intro": "Hi",\n  "questions": [\n');
    const broken = await runCli(['field', 'campaign', 'create', 'X', '--script', 'broken.json'], { cwd: dir, env });
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/broken\.json:4: expected a canvassing script as JSON/);
    const typo = await runCli(['field', 'campaign', 'create', 'Typo', '--script', script, '--purpose', 'canvasing'], { cwd: dir, env });
    expect([typo.code, typo.stderr]).toEqual([0, expect.stringContaining('purpose canvasing is none of newsletter, canvassing, fundraising, volunteering, profiling, reuse, stay_in_touch, and no one has consented to it')]);
    // Notepad's byte-order mark is no JSON error; a script error names the file.
    const text = readFileSync(script, 'utf8');
    writeFileSync(join(dir, 'bom.json'), `\ufeff${text}`);
    const bom = await runCli(['field', 'campaign', 'create', 'BOM', '--script', 'bom.json'], { cwd: dir, env });
    expect(bom.code, bom.stderr).toBe(0);
    writeFileSync(join(dir, 'badscale.json'), text.replace('"min": 1', '"min": 9'));
    const badScale = await runCli(['field', 'campaign', 'create', 'B', '--script', 'badscale.json'], { cwd: dir, env });
    expect([badScale.code, badScale.stderr]).toEqual([3, expect.stringMatching(/^hustings: badscale\.json: questions\[\d\]/)]);
    // Four processes: slow on a loaded machine.
  }, 300_000);
});
