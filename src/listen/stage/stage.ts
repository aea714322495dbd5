import { Pseudonymiser } from '../../core/pseudonym';
import { Utf8Lines } from '../../core/utf8-lines';
import type { Classification, Classifier } from '../classify';
import type { FormatName } from '../formats';
import { formatContext } from '../formats';
import { loadDetector, needsDetector } from '../lang';
import type { Reject } from '../parse-chunk';
import { parseChunk } from '../parse-chunk';
import type { Post } from '../post';
import type { Question } from '../questions';
import type { RawItem } from '../read-items';
import { cellParamsOf } from '../rollup/cells';
import type { CellParams } from '../rollup/sum.mjs';
import { addCells } from '../rollup/sum.mjs';

/**
 * What a stage hands back for a chunk: `posts` gives the posts and their classifications (to
 * store them), `json` one classification per line (the classify contract), `cells` the rollup
 * cells of the chunk, summed (all a report needs).
 */
export type StageOutput = 'posts' | 'json' | 'cells';

/** Everything a stage needs, as plain data: it is the same in-process and in a worker thread. */
export interface StageSetup {
  readonly format: FormatName | null;
  readonly platform: string;
  /** The pseudonym key, hex. */
  readonly key: string;
  /** The question to classify for; null stores posts unclassified. */
  readonly question: Question | null;
  readonly modelPath: string | null;
  readonly output: StageOutput;
}

export interface StageResult {
  readonly read: number;
  readonly skipped: number;
  readonly rejects: Reject[];
  readonly posts: Post[];
  readonly classes: Classification[] | null;
  /** One classification per line, as UTF-8 (made where the stage runs, so it can be handed over as is). */
  readonly json: Uint8Array;
  readonly cells: CellParams[];
  /** Posts in this chunk (whatever the output). */
  readonly count: number;
}

const NO_JSON = new Uint8Array(0);

export type Stage = (items: readonly RawItem[]) => Promise<StageResult>;

/** The classifier of a question; its modules (language model, lexicons, gazetteer) load only when one is needed. */
async function classifier(question: Question, modelPath: string | null, ps: Pseudonymiser): Promise<Classifier> {
  const [{ createClassifier }, { loadModel }] = await Promise.all([import('../classify'), import('../stance')]);
  return createClassifier(question, ps, modelPath ? await loadModel(modelPath) : null);
}

/**
 * The listening stage: raw items in, pseudonymised posts out, each classified for the question.
 * One function, run in-process or by every worker of a pool.
 */
export async function openStage(setup: StageSetup): Promise<Stage> {
  const ps = new Pseudonymiser(Buffer.from(setup.key, 'hex'));
  // Posts classified for JSON lines or rollup cells are dropped after: their authors are never pseudonymised.
  const ctx = formatContext(ps, setup.platform, !setup.question || setup.output === 'posts');
  const classify = setup.question ? await classifier(setup.question, setup.modelPath, ps) : null;
  const question = setup.question?.id ?? '';
  return async (items) => {
    const r = parseChunk(items, setup.format, ctx);
    const base = { read: r.read, skipped: r.skipped, rejects: r.rejects, count: r.posts.length };
    if (!classify) return { ...base, posts: r.posts, classes: null, json: NO_JSON, cells: [] };
    if (r.posts.some((p) => needsDetector(p.lang))) await loadDetector();
    if (setup.output === 'posts') return { ...base, posts: r.posts, classes: r.posts.map(classify), json: NO_JSON, cells: [] };
    if (setup.output === 'json') {
      // Encoded here, on the stage's thread, into a buffer of its own: a worker hands it over without a copy.
      const lines = new Utf8Lines();
      for (const p of r.posts) lines.add(classify.json(p));
      return { ...base, posts: [], classes: null, json: lines.bytes(), cells: [] };
    }
    const cells = new Map<string, CellParams>();
    for (const p of r.posts) addCells(cells, cellParamsOf(question, p.createdAt, classify(p)));
    return { ...base, posts: [], classes: null, json: NO_JSON, cells: [...cells.values()] };
  };
}

/** Classifies posts already parsed and pseudonymised (the scale-out workers read them from Redis). */
export type PostClassifier = (posts: readonly Post[]) => Promise<Classification[]>;

/**
 * The classifying half of `openStage`: the same classifier, for posts that a producer parsed and
 * pseudonymised. `key` is needed because cues that name accounts are matched by pseudonym.
 */
export async function openClassifier(question: Question, modelPath: string | null, key: string): Promise<PostClassifier> {
  const classify = await classifier(question, modelPath, new Pseudonymiser(Buffer.from(key, 'hex')));
  return async (posts) => {
    if (posts.some((p) => needsDetector(p.lang))) await loadDetector();
    return posts.map(classify);
  };
}
