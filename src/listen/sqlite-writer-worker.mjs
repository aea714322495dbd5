// The SQLite writer thread of an ingest: runs the batches that the main thread parses, so that
// parsing and writing use two cores. Plain JavaScript: it needs no TypeScript loader. The SQL
// comes from the main thread, built there by Kysely.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, insertSql, checkpointSql, checkpointFields } = workerData;
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 10000');
const insert = db.prepare(insertSql);
const saveCheckpoint = db.prepare(checkpointSql);

/** One transaction: the rows, then the checkpoint with the counts this batch brings. */
const write = db.transaction((rows, checkpoint, now) => {
  let stored = 0;
  for (const row of rows) stored += insert.run(row).changes;
  if (checkpoint) {
    const values = { ...checkpoint, stored: checkpoint.stored + stored, duplicates: checkpoint.duplicates + rows.length - stored, now };
    saveCheckpoint.run(checkpointFields.map((f) => values[f]));
  }
  return stored;
});

parentPort.on('message', ({ id, rows, checkpoint, now }) => {
  try {
    parentPort.postMessage({ id, stored: write(rows, checkpoint, now) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
