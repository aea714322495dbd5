// The baseline of `npm run bench:listen`: the vader-sentiment package scoring the texts of the same
// posts (the first N lines), in its own process. Prints {posts, ms, peakRssMb} as JSON.
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const vader = createRequire(import.meta.url)('vader-sentiment');
const [path, limit] = [process.argv[2], Number(process.argv[3])];
let posts = 0;
const started = performance.now();
for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
  if (posts >= limit) break;
  const text = JSON.parse(line).text;
  vader.SentimentIntensityAnalyzer.polarity_scores(text);
  posts++;
}
console.log(JSON.stringify({ posts, ms: Math.round(performance.now() - started), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
