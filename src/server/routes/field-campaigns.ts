import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { createCampaign, getCampaign, listCampaigns, updateScript } from '../../field/campaigns';
import type { Routes } from './define';
import type { FieldContext } from './field';
import { idParam } from './contacts-context';
import { body } from './input';

const CampaignBody = z.object({
  name: z.string().min(1).max(100),
  purpose: z.string().default('canvassing').describe('the consent purpose people must have given to be on the walk lists'),
  script: z.unknown().describe('the door script (see docs/field-design.md)'),
  lockHours: z.number().int().min(1).max(168).optional(),
}).strict();

/** Campaigns and their door scripts: organisers write them (audited in the domain); canvassers read those they are assigned to. */
export function fieldCampaignRoutes(routes: Routes, cx: FieldContext): void {
  routes.add({ method: 'post', path: '/api/field/campaigns', summary: 'creates a campaign with its door script {name, purpose, script, lockHours?}', role: 'organiser', body: CampaignBody }, async (c) => {
    const b = await body(c, CampaignBody);
    const user = cx.user(c);
    return c.json(await createCampaign(cx.deps, { name: b.name, purpose: b.purpose, script: b.script, lockHours: b.lockHours, actor: user.name }));
  });
  routes.add({ method: 'get', path: '/api/field/campaigns', summary: "the campaigns (a canvasser's: those they are assigned to)", role: 'canvasser' }, async (c) => {
    const user = cx.user(c);
    return c.json({ campaigns: await listCampaigns(cx.field, user.role === 'canvasser' ? { forUser: user.name } : {}) });
  });
  routes.add({ method: 'get', path: '/api/field/campaigns/{id}', summary: 'one campaign with its script', role: 'canvasser' }, async (c) => {
    const id = idParam(c.req.param('id'), 'campaign');
    const user = cx.user(c);
    // A canvasser learns nothing of campaigns they are not on: the same 404 as for an unknown id.
    const visible = user.role === 'canvasser' ? (await listCampaigns(cx.field, { forUser: user.name })).some((x) => x.id === id) : true;
    const found = visible && (await cx.field.selectFrom('field_campaigns').select('id').where('id', '=', id).executeTakeFirst());
    if (!found) throw new HTTPException(404, { message: `no campaign ${id}` });
    return c.json(await getCampaign(cx.field, id));
  });
  routes.add({ method: 'put', path: '/api/field/campaigns/{id}/script', summary: "replaces a campaign's script (the body is the script); the notice version moves when the notice changes", role: 'organiser', body: z.unknown() }, async (c) => {
    const id = idParam(c.req.param('id'), 'campaign');
    if (!(await cx.field.selectFrom('field_campaigns').select('id').where('id', '=', id).executeTakeFirst())) throw new HTTPException(404, { message: `no campaign ${id}` });
    const raw = await body(c, z.unknown());
    // Accept {script: …} as well as the bare script, as POST takes it.
    const script = raw && typeof raw === 'object' && 'script' in raw && !('questions' in raw) ? (raw as { script: unknown }).script : raw;
    return c.json(await updateScript(cx.deps, id, script, cx.user(c).name));
  });
}
