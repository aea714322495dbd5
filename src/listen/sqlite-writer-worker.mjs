// The SQLite writer thread of an ingest: runs the batches that the main thread parses, so that
// parsing and writing use two cores. Plain JavaScript: it needs no TypeScript loader. The SQL
// comes from the main thread, built there by Kysely.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { addCells, cellsAt, hourOf } from './rollup/sum.mjs';
import { addTermLines, termParamsFrom } from './terms/sum.mjs';

const { path, insertSql, checkpointSql, checkpointFields, classSql, rollupSql, termSql, storedTimeSql, moveClassSql } = workerData;
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 10000');
const insert = db.prepare(insertSql);
const saveCheckpoint = db.prepare(checkpointSql);
const insertClass = db.prepare(classSql);
const upsertCell = db.prepare(rollupSql);
const upsertTerm = db.prepare(termSql);
const storedTime = db.prepare(storedTimeSql).pluck();
const moveClass = db.prepare(moveClassSql);
// Further statements of a batch (watchlist matches), prepared once per distinct SQL text.
const extraStatements = new Map();

function runExtra([sql, params]) {
  let statement = extraStatements.get(sql);
  if (!statement) {
    if (extraStatements.size >= 64) extraStatements.clear();
    extraStatements.set(sql, (statement = db.prepare(sql)));
  }
  statement.run(params);
}

/**
 * One transaction: the rows, their classifications, the rollup and term cells of the
 * classifications that are new (a post delivered twice counts once), then the checkpoint with
 * this batch's counts. `classes.rows[i]` classifies `rows[i]`.
 */
const write = db.transaction((rows, classes, checkpoint, now, extra) => {
  let stored = 0;
  const fresh = rows.map((row) => {
    const n = insert.run(row).changes;
    stored += n;
    return n > 0;
  });
  if (classes) {
    const cells = new Map();
    const terms = new Map();
    classes.rows.forEach(([row, rowCells, hour, termLines], i) => {
      if (!insertClass.run(row).changes) return;
      // A new classification of a post stored before: at the time the post is stored under,
      // which a later copy may not carry (a re-export), as on PostgreSQL (post-ids.ts).
      const at = fresh[i] ? row[3] : storedTime.get(row[1], row[2]);
      if (at !== row[3]) {
        moveClass.run(at, row[0], row[1], row[2]);
        [rowCells, hour] = [cellsAt(rowCells, at), hourOf(at)];
      }
      addCells(cells, rowCells);
      addTermLines(terms, hour, termLines);
    });
    for (const cell of cells.values()) upsertCell.run(cell);
    for (const term of termParamsFrom(classes.question, terms)) upsertTerm.run(term);
  }
  for (const statement of extra ?? []) runExtra(statement);
  if (checkpoint) {
    const values = { ...checkpoint, stored: checkpoint.stored + stored, duplicates: checkpoint.duplicates + rows.length - stored, now };
    saveCheckpoint.run(checkpointFields.map((f) => values[f]));
  }
  return stored;
});

parentPort.on('message', ({ id, rows, classes, checkpoint, now, extra }) => {
  try {
    parentPort.postMessage({ id, stored: write(rows, classes, checkpoint, now, extra) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
