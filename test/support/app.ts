import type { App } from '../../src/app/open';
import { openApp } from '../../src/app/open';
import type { IngestDeps, IngestOptions, IngestSummary } from '../../src/listen';
import { DEFAULT_INGEST_OPTIONS, ingestFiles, PostStore } from '../../src/listen';
import type { Backend } from './backends';

export interface TestApp {
  readonly app: App;
  readonly dir: string;
  readonly posts: PostStore;
  /** Ingests files; `classify` classifies each post for a question as `listen ingest` does. */
  ingest(files: string[], options?: Partial<IngestOptions>, classify?: IngestDeps['classify']): Promise<IngestSummary>;
  /** Every cell of every table, as text: what a privacy check must search. */
  dump(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openTestApp(backend: Backend): Promise<TestApp> {
  const { config, dir, cleanup } = await backend.fresh();
  const app = await openApp(config);
  const posts = new PostStore(app.store);
  return {
    app,
    dir,
    posts,
    ingest: (files, options, classify) => ingestFiles(files, { posts, pseudonymiser: app.pseudonymiser, classify }, { ...DEFAULT_INGEST_OPTIONS, ...options }),
    dump: () => dumpAll(app),
    async close() {
      await posts.release();
      await app.close();
      await cleanup();
    },
  };
}

async function dumpAll(app: App): Promise<string[]> {
  const tables = await app.store.db.introspection.getTables();
  const cells: string[] = [];
  for (const t of tables) {
    const rows = await app.store.db.selectFrom(t.name).selectAll().execute();
    for (const row of rows) for (const v of Object.values(row as Record<string, unknown>)) if (v != null) cells.push(String(v));
  }
  return cells;
}
