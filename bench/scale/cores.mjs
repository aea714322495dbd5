// What two processes of this machine can do together, for the "2 workers ≥ 1.6 × 1" goal: a
// JSON round-trip loop (allocation-heavy, like a worker's parsing and classifying, with V8's
// background GC threads) and an arithmetic loop, each run alone and then two at once.
// `node bench/scale/cores.mjs` prints the throughput of two processes over one, for both.
import { spawn } from 'node:child_process';

const LOOPS = {
  json: `const o={a:[1,2,3],b:"hello world ".repeat(20),c:{d:1.5,e:null}};let n=0;for(let i=0;i<2e6;i++){n+=JSON.parse(JSON.stringify(o)).b.length}`,
  arithmetic: `let x=0;for(let i=0;i<6e8;i++){x=(x*31+i)%1000003}`,
};

function timed(code) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
    child.on('exit', (c) => (c === 0 ? resolve(performance.now() - t) : reject(new Error(`exit ${c}`))));
  });
}

const results = {};
for (const [name, code] of Object.entries(LOOPS)) {
  const alone = [];
  const pairs = [];
  for (let round = 0; round < 3; round++) {
    alone.push(await timed(code));
    pairs.push(Math.max(...(await Promise.all([timed(code), timed(code)]))));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[1];
  results[name] = { aloneMs: Math.round(median(alone)), pairMs: Math.round(median(pairs)), twoOverOne: Math.round(((2 * median(alone)) / median(pairs)) * 100) / 100 };
}
console.log(JSON.stringify(results));
