import type { Command } from 'commander';
import { PostStore } from '../listen';
import { out, withApp } from './context';
import { n } from './format';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('what the store holds')
    .option('--json', 'print as JSON: {store, dialect, posts, …}')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const status = await withApp(command, async (app) => {
        const posts = new PostStore(app.store);
        return { store: app.store.label, dialect: app.store.dialect, ...(await posts.summary()), classified: await posts.classified() };
      });
      if (flags.json) {
        out(JSON.stringify(status));
        return;
      }
      out(`Store: ${status.store} (${status.dialect})`);
      const range = status.firstPostAt ? ` from ${status.firstPostAt} to ${status.lastPostAt}` : '';
      out(`Posts: ${n(status.posts)} (reposts ${n(status.reposts)})${range}`);
      for (const [platform, count] of Object.entries(status.platforms)) out(`  ${platform}: ${n(count)}`);
      const questions = Object.entries(status.classified);
      out(questions.length ? `Classified: ${questions.map(([q, k]) => `${q} ${n(k)}`).join(', ')} (\`hustings listen report --store --question Q\`)` : 'Classified: none');
    });
}
