import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../app/open';
import { importContacts } from '../contacts/imports';
import { syntheticContacts } from '../contacts/synthetic';
import { csvField } from '../core/csv';
import { importAddresses } from '../field/addresses';
import { areasFromStations, linkAddresses, saveStations } from '../field/areas';
import { createCampaign } from '../field/campaigns';
import { syntheticTown } from '../field/synthetic/town';
import type { TownAddress } from '../field/synthetic/town';
import { createRandom } from '../core/random';
import { fieldDb } from '../field/tables';
import { setCanvasser } from '../field/team/canvassers';
import { saveAssignments } from '../field/team/assignments';
import { applyTeams, planTeams } from '../field/team/plan';
import { cutAll } from '../field/turf-store';
import { UserStore } from '../server';
import { knockDemoDoors } from './demo-field-doors';
import { n } from './format';

export const DEMO_CAMPAIGN = 'Knock the vote (demo)';
const ADDRESSES = 6_000;
const SEED = 1500;
/** The example door script shipped with hustings. */
const EXAMPLE_SCRIPT_PATH = fileURLToPath(new URL('../../data/field/example-script.json', import.meta.url));

/**
 * A SYNTHETIC door-to-door campaign for the demo: a generated town's address points imported
 * through the real import, linked to its polling stations and grouped into sample areas of about
 * 1,500 people; a campaign with the example script; turfs cut; generated residents with door
 * consents; 24 canvassers matched to the areas; a few hundred doors knocked through the real sync.
 * Made once per store. Returns lines for the user.
 */
export async function importDemoField(app: App, dir: string): Promise<string[]> {
  const db = fieldDb(app.store.db);
  if (await db.selectFrom('field_campaigns').select('id').where('name', '=', DEMO_CAMPAIGN).executeTakeFirst()) return ['The demo field campaign was made before; it is left as it is.'];
  const town = syntheticTown({ addresses: ADDRESSES, seed: SEED });
  const file = join(dir, 'demo-addresses.csv');
  await writeFile(file, addressesCsv(town.addresses));
  const imported = await importAddresses(app.store, file, { actor: 'demo' });
  await saveStations(db, town.stations.map((s) => ({ code: s.code, name: s.name, lat: s.lat, lon: s.lon })));
  await linkAddresses(db);
  const areas = await areasFromStations(db, { target: 1500 });
  const campaign = await createCampaign({ db: app.store.db, dialect: app.store.dialect }, { name: DEMO_CAMPAIGN, purpose: 'canvassing', script: JSON.parse(await readFile(EXAMPLE_SCRIPT_PATH, 'utf8')) as unknown, actor: 'demo' });
  const cuts = await cutAll(app.store, { campaignId: campaign.id, target: 60, actor: 'demo' });
  const residents = await importResidents(app, town.addresses);
  const users = await demoCanvassers(app);
  const plan = await planTeams(db, { campaignId: campaign.id, attributes: ['age_band', 'gender'], slot: 'sat-am', turfsPerCanvasser: 2 });
  await applyTeams(db, plan, { assignedBy: 'demo', slot: 'sat-am' });
  const firstTurf = await db.selectFrom('field_turfs').select('id').where('campaign_id', '=', campaign.id).orderBy('area_id').orderBy('number').executeTakeFirstOrThrow();
  const users0 = new UserStore(app.store);
  if (!(await users0.find('demo'))) await users0.add('demo', 'admin', randomBytes(24).toString('base64url'));
  await saveAssignments(db, { campaignId: campaign.id, turfs: [{ turfId: firstTurf.id, users: ['demo'] }], assignedBy: 'demo' });
  const knocked = await knockDemoDoors(app, plan.teams.flatMap((t) => t.members), SEED);
  const turfs = cuts.reduce((s, c) => s + c.sizes.length, 0);
  const within = cuts.reduce((s, c) => s + c.sizes.filter((d) => Math.abs(d - 60) <= 15).length, 0);
  const worst = plan.teams.reduce((m, t) => Math.max(m, t.tvd), 0);
  return [
    `Field (SYNTHETIC town): ${n(imported.stored)} address points (${n(town.addresses.reduce((s, a) => s + a.doors, 0))} doors), ${town.stations.length} polling stations, ${areas.areas} sample areas of ~1,500 people; campaign "${DEMO_CAMPAIGN}" with the example script data/field/example-script.json.`,
    `  ${n(turfs)} turfs of ~60 doors (${((100 * within) / Math.max(1, turfs)).toFixed(0)} % within ±25 %), ${n(residents)} residents (most agreeing to canvassing at the door), ${n(plan.teams.reduce((s, t) => s + t.members.length, 0))} of ${users.length} canvassers in teams (total variation distance to their area's population: worst ${worst.toFixed(3)}), ${n(knocked)} doors knocked through the phones' sync.`,
    '  See /field (map, teams, progress, answers) and the phone app /canvass (turf 1 is assigned to you); `npx hustings field progress --campaign 1`.',
  ];
}

function addressesCsv(addresses: readonly TownAddress[]): string {
  const lines = ['id,street,number,postcode,city,lat,lon,doors,block'];
  for (const a of addresses) lines.push([a.extId, a.street, a.number, a.postcode, a.city, a.lat.toFixed(6), a.lon.toFixed(6), a.doors, a.block ?? ''].map((v) => csvField(String(v))).join(','));
  return `${lines.join('\n')}\n`;
}

/** Generated residents at a third of the town's doors, with their area; most agree to canvassing at the door. */
async function importResidents(app: App, addresses: readonly TownAddress[]): Promise<number> {
  const db = fieldDb(app.store.db);
  const areaOf = new Map((await db.selectFrom('field_addresses').select(['ext_id', 'area_id']).execute()).map((r) => [r.ext_id, r.area_id ?? '']));
  const header = ['first_name', 'last_name', 'street', 'postcode', 'city', 'birth_year', 'gender', 'area', 'volunteer', 'consent_canvassing_door'];
  const rows: string[][] = [];
  let i = 0;
  for (const p of syntheticContacts({ rows: Math.round(addresses.length / 3), seed: SEED, duplicates: 0, bad: 0 })) {
    const a = addresses[(i++ * 3) % addresses.length]!;
    rows.push([p.first_name, p.last_name, `${a.number} ${a.street}`, a.postcode, a.city, p.birth_year, p.gender, areaOf.get(a.extId) ?? '', '', p.consent_canvassing_door === 'no' ? 'no' : 'yes']);
  }
  const source = { basis: 'consent' as const, collectedAt: Date.now(), collector: 'demo sign-up forms', noticeVersion: 'demo-1' };
  const s = await importContacts(app, { file: { label: 'demo residents', header, rows }, mapping: null, source, actor: 'demo' });
  return s.created;
}

/** The volunteer pool's shares per age band (a broad pool: the demo shows teams that can mirror their areas). */
const POOL_AGES = { '18-24': 0.1, '25-34': 0.15, '35-44': 0.17, '45-54': 0.18, '55-64': 0.18, '65+': 0.22 };
const CANVASSERS = 140;

/** Canvassers of varied age bands and genders, most free on Saturday morning. */
async function demoCanvassers(app: App): Promise<string[]> {
  const users = new UserStore(app.store);
  const db = fieldDb(app.store.db);
  const random = createRandom(SEED);
  const names: string[] = [];
  for (let i = 0; i < CANVASSERS; i++) {
    const name = `canvasser${String(i + 1).padStart(3, '0')}`;
    if (!(await users.find(name))) await users.addWithoutPassword(name, 'canvasser');
    const band = random.weighted(POOL_AGES);
    const availability = random.next() < 0.85 ? ['sat-am', 'sun-pm'] : ['sun-pm'];
    await setCanvasser(db, { user: name, attributes: { age_band: band, gender: random.next() < 0.56 ? 'female' : 'male' }, availability });
    names.push(name);
  }
  return names;
}
