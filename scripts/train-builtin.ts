/**
 * `npm run train:builtin`: trains the stance model shipped with the built-in `brexit` question
 * (src/listen/questions/builtin/brexit.model.json) from the public sets in ../shared/data/listen:
 * - sides: the train rows of brexit-comments (human majority labels), and the tweets of
 *   brexit-hashtag-weak-labels with every hashtag masked (their labels come from hashtags, so the
 *   model must learn the other words);
 * - neutral: general tweets of tweeteval-sentiment, which take no side on Brexit: its validation
 *   rows and the even-numbered lines of its test rows (the odd-numbered ones are kept for
 *   \`npm run eval:listen\`). The test rows of brexit-comments are never trained on.
 * Reproducible: same data, same seed, same file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadQuestion } from '../src/listen/questions';
import { features } from '../src/listen/stance/features';
import type { Example } from '../src/listen/stance/logistic';
import { toModelFile } from '../src/listen/stance/model';
import { trainModel } from '../src/listen/stance/train';
import { isNeutralTrainingRow } from './builtin-split';

const DATA = join(import.meta.dirname, '..', '..', 'shared', 'data', 'listen');
const OUT = fileURLToPath(new URL('../src/listen/questions/builtin/brexit.model.json', import.meta.url));

function rows(file: string): { text: string; label: string; split?: string }[] {
  return readFileSync(join(DATA, file), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; label: string; split?: string });
}

const question = await loadQuestion('brexit');
const comments = rows('brexit-comments.jsonl').filter((r) => r.split === 'train');
const neutral = rows('tweeteval-sentiment.jsonl')
  .filter((r, i) => isNeutralTrainingRow(r, i))
  .map((r) => ({ text: r.text, label: 'neutral' }));
const hashtagged: Example[] = [];
const hashtaggedTexts: string[] = [];
for (const r of rows('brexit-hashtag-weak-labels.jsonl')) {
  const f = features(r.text, new Set(r.text.toLowerCase().match(/#[\p{L}\p{N}_']+/gu) ?? []));
  if (f.length < 3) continue;
  hashtagged.push({ features: f, label: r.label === question.sides[1] ? 1 : 0 });
  hashtaggedTexts.push(r.text);
}
const model = trainModel([...comments, ...neutral], hashtagged, question, hashtaggedTexts);
// Every training text is English: posts in other languages are read by their cues alone.
const file = toModelFile(model, question.id, question.sides, { labelled: comments.length + neutral.length, distant: hashtagged.length }, ['en']);
writeFileSync(OUT, `${JSON.stringify(file)}\n`);
console.log(`${OUT}: ${file.weights.length} stance weights, ${file.neutral?.weights.length ?? 0} neutral weights; trained on ${comments.length} labelled comments, ${neutral.length} neutral tweets, ${hashtagged.length} hashtag-labelled tweets`);
