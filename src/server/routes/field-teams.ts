import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { idNumber } from '../../contacts/ids';
import { applyTeams, assignmentEndedEntry, campaignAssignments, canvasserSetEntry, endAssignment, listCanvassers, parsePopulationFile, planTeams, setCanvasser, teamsAppliedEntry } from '../../field/team';
import { idParam } from './contacts-context';
import type { Routes } from './define';
import type { FieldContext } from './field';
import { body, query } from './input';

const CanvasserBody = z.object({
  district: z.string().max(100).nullable().optional().describe('home district (an area id); null for none'),
  attributes: z.record(z.string(), z.string()).optional().describe('merged key by key: {"age_band": "25-34", "gender": "f"}'),
  availability: z.array(z.string()).max(50).optional().describe('slot names, e.g. ["sat-am", "sun-pm"]'),
  personId: idNumber.nullable().optional().describe('the contacts person (a volunteer)'),
}).strict();

const TeamsBody = z.object({
  attributes: z.array(z.string().min(1)).min(1).max(10).describe('attributes the teams should mirror, e.g. ["age_band", "gender"]'),
  slot: z.string().min(1).optional(),
  pairs: z.boolean().default(false),
  apply: z.boolean().default(false).describe('hand the turfs out (ends their live assignments)'),
  turfsPerCanvasser: z.number().int().min(1).max(50).optional(),
  population: z.unknown().optional().describe('{"<area>"|"*": {"<attribute>": {"<value>": count or share}}}; default: counted from contacts'),
}).strict();

const AssignmentsQuery = z.object({ all: z.enum(['true', 'false']).default('false') });

async function campaignOr404(cx: FieldContext, raw: string | undefined): Promise<number> {
  const id = idParam(raw, 'campaign');
  if (!(await cx.field.selectFrom('field_campaigns').select('id').where('id', '=', id).executeTakeFirst())) throw new HTTPException(404, { message: `no campaign ${id}` });
  return id;
}

/**
 * Canvassers and teams: organisers set canvassers (attributes, slots, home district), compute per
 * district the team closest to its population and hand the turfs out, and end assignments.
 */
export function fieldTeamRoutes(routes: Routes, cx: FieldContext): void {
  routes.add({ method: 'get', path: '/api/field/canvassers', summary: 'the canvassers with their home district, attributes and slots', role: 'organiser' }, async (c) => c.json({ canvassers: await listCanvassers(cx.field) }));
  routes.add({ method: 'put', path: '/api/field/canvassers/{user}', summary: 'sets a canvasser {district?, attributes?, availability?, personId?}; what is left out keeps its value', role: 'organiser', body: CanvasserBody }, async (c) => {
    const b = await body(c, CanvasserBody);
    // The linked person's gender and age band fill the attributes: only someone the caller may see (404 otherwise, as the profile).
    if (typeof b.personId === 'number') await cx.personInScope(c, String(b.personId));
    const saved = await setCanvasser(cx.field, { user: c.req.param('user') ?? '', district: b.district, attributes: b.attributes, availability: b.availability, personId: b.personId });
    await cx.audit(canvasserSetEntry(cx.user(c).name, saved));
    return c.json(saved);
  });
  routes.add({ method: 'post', path: '/api/field/campaigns/{id}/teams', summary: "per district (the campaign's areas), the team closest to its population (TVD per attribute); with apply, hands the turfs out", role: 'organiser', body: TeamsBody }, async (c) => {
    const campaignId = await campaignOr404(cx, c.req.param('id'));
    const b = await body(c, TeamsBody);
    const population = b.population === undefined ? undefined : parsePopulationFile(b.population, 'body population');
    const plan = await planTeams(cx.field, { campaignId, attributes: b.attributes, slot: b.slot, pairs: b.pairs, turfsPerCanvasser: b.turfsPerCanvasser, population });
    if (!b.apply) return c.json({ ...plan, applied: null });
    const user = cx.user(c);
    const applied = await applyTeams(cx.field, plan, { assignedBy: user.name, slot: b.slot });
    await cx.audit(teamsAppliedEntry(user.name, campaignId, applied, plan.teams.length));
    return c.json({ ...plan, applied });
  });
  routes.add({ method: 'get', path: '/api/field/campaigns/{id}/assignments', summary: "the campaign's live assignments (?all=true: ended ones too), by area and turf", role: 'organiser' }, async (c) => {
    const campaignId = await campaignOr404(cx, c.req.param('id'));
    const q = query(c, AssignmentsQuery);
    return c.json({ assignments: await campaignAssignments(cx.field, campaignId, { all: q.all === 'true' }) });
  });
  routes.add({ method: 'post', path: '/api/field/assignments/{id}/end', summary: "ends an assignment: the canvasser's phone drops the turf at its next sync", role: 'organiser' }, async (c) => {
    const id = idParam(c.req.param('id'), 'assignment');
    if (!(await cx.field.selectFrom('field_assignments').select('id').where('id', '=', id).executeTakeFirst())) throw new HTTPException(404, { message: `no assignment ${id}` });
    const ended = await endAssignment(cx.field, id);
    await cx.audit(assignmentEndedEntry(cx.user(c).name, ended));
    return c.json(ended);
  });
}
