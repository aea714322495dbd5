// The physical limit of the ingest step: read the file line by line and JSON.parse each line,
// nothing else. Prints {lines, bad, ms, peakRssMb} as JSON.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const path = process.argv[2];
const started = performance.now();
let lines = 0;
let bad = 0;
for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
  if (line.length === 0) continue;
  try {
    JSON.parse(line);
    lines++;
  } catch {
    bad++;
  }
}
const ms = Math.round(performance.now() - started);
console.log(JSON.stringify({ lines, bad, ms, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
