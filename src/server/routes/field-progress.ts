import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { answersCsv, answersOf, compareCsv, compareWithElection, progressCsv, progressOf } from '../../field/progress';
import { idParam } from './contacts-context';
import type { Routes } from './define';
import type { FieldContext } from './field';
import { query } from './input';

const By = z.enum(['turf', 'area', 'campaign']).default('area');
const ProgressQuery = z.object({ by: By });
const AreaQuery = z.object({ area: z.string().min(1).optional() });
const CompareQuery = z.object({
  question: z.string().min(1).describe('question id of the script'),
  answer: z.string().min(1).describe('an option id; for a scale a value, >=n, <=n, >n, <n or n-m'),
  election: z.string().min(1),
  round: z.coerce.number().int().positive(),
  option: z.string().min(1).describe("the election option's key"),
  area: z.string().min(1).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

const csv = (name: string) => ({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });

/** The campaign id of the path, or a 404 when there is no such campaign. */
export async function campaignExists(cx: FieldContext, raw: string | undefined): Promise<number> {
  const id = idParam(raw, 'campaign');
  if (!(await cx.field.selectFrom('field_campaigns').select('id').where('id', '=', id).executeTakeFirst())) throw new HTTPException(404, { message: `no campaign ${id}` });
  return id;
}

/** How far a campaign has gone and what doors answered: aggregates only, cells under 5 suppressed. */
export function fieldProgressRoutes(routes: Routes, cx: FieldContext): void {
  routes.add({ method: 'get', path: '/api/field/campaigns/{id}/progress', summary: 'doors, addresses knocked, contacts, knocks and current results per turf, area or for the campaign', role: 'analyst', query: ProgressQuery }, async (c) => {
    const id = await campaignExists(cx, c.req.param('id'));
    return c.json(await progressOf(cx.field, id, query(c, ProgressQuery).by));
  });
  routes.add({ method: 'get', path: '/api/field/campaigns/{id}/progress.csv', summary: 'progress as CSV (by=turf|area|campaign)', role: 'analyst', query: ProgressQuery }, async (c) => {
    const id = await campaignExists(cx, c.req.param('id'));
    const p = await progressOf(cx.field, id, query(c, ProgressQuery).by);
    return c.body(progressCsv(p), 200, csv(`campaign-${id}-progress-by-${p.by}.csv`));
  });
  routes.add({ method: 'get', path: '/api/field/campaigns/{id}/answers', summary: "answers per area and question: count, base (doors; each door's latest answer), share, 95 % Wilson interval; cells under 5 suppressed", role: 'analyst', query: AreaQuery }, async (c) => {
    const id = await campaignExists(cx, c.req.param('id'));
    return c.json({ areas: (await answersOf(cx.field, id, query(c, AreaQuery).area)).areas });
  });
  routes.add({ method: 'get', path: '/api/field/campaigns/{id}/answers.csv', summary: 'answers as CSV', role: 'analyst', query: AreaQuery }, async (c) => {
    const id = await campaignExists(cx, c.req.param('id'));
    return c.body(answersCsv((await answersOf(cx.field, id, query(c, AreaQuery).area)).areas), 200, csv(`campaign-${id}-answers.csv`));
  });
  routes.add({ method: 'get', path: '/api/field/campaigns/{id}/compare', summary: "an answer's share per area beside an election option's share of expressed votes in the area's stations (format=csv for CSV)", role: 'analyst', query: CompareQuery }, async (c) => {
    const id = await campaignExists(cx, c.req.param('id'));
    const q = query(c, CompareQuery);
    const rows = await compareWithElection(cx.field, { campaignId: id, question: q.question, answer: q.answer, election: q.election, round: q.round, option: q.option, area: q.area });
    if (q.format === 'csv') return c.body(compareCsv(rows), 200, csv(`campaign-${id}-compare.csv`));
    return c.json({ rows });
  });
}
