import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadQuestion } from '../src/listen/questions';
import { openClassifier } from '../src/listen/stage/stage';
import type { StreamConfig } from '../src/listen/stream';
import { connectChecked, DEFAULT_WORKER_OPTIONS, ListenWorker, StreamIntake, streamConfig } from '../src/listen/stream';
import { createServerApp, UserStore } from '../src/server';
import type { TestApp } from './support/app';
import { openTestApp } from './support/app';
import { backends } from './support/backends';
import { ARTIFACTS, builtWebRoot, chromiumPath, launchChromium, listenLocally } from './support/browser';
import type { ThrowawayRedis } from './support/redis-server';
import { redisServerPath, startThrowawayRedis } from './support/redis-server';

const CHROMIUM = chromiumPath();
const REDIS = redisServerPath();
const PASSWORD = 'a long enough password';

describe.skipIf(!CHROMIUM || !REDIS)('the Pipeline panel in a real browser (Chromium, redis-server)', () => {
  let t: TestApp;
  let redis: ThrowawayRedis;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const webRoot = await builtWebRoot();
    t = await openTestApp(backends()[0]!);
    redis = await startThrowawayRedis(REDIS!);
    const config: StreamConfig = streamConfig(redis.url);
    const question = await loadQuestion('brexit');
    const users = new UserStore(t.app.store);
    await users.add('adm', 'admin', PASSWORD);
    await users.add('ana', 'analyst', PASSWORD);
    const token = await users.issueToken('ana', 'browser test');
    const intake = await StreamIntake.open(config, await connectChecked(config), t.app.pseudonymiser, question);
    const client = await connectChecked(config);
    const api = createServerApp({ users, posts: t.posts, questions: new Map([[question.id, question]]), live: intake, secureCookies: false, version: 'test', webRoot, pipeline: { redis: client, config } });
    const served = await listenLocally(api.fetch);
    base = served.base;
    const batch = Array.from({ length: 600 }, (_, i) => JSON.stringify({ id: `b${i}`, text: `Vote leave #VoteLeave ${i}`, created_at: '2016-06-20T08:00:00Z', lang: 'en' })).join('\n');
    expect((await fetch(`${base}/api/listen/posts`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: batch })).status).toBe(200);
    await client.xadd(config.stream, '*', 'v', '1', 'k', t.app.pseudonymiser.fingerprint, 'n', '1', 'posts', '[{"id": "cut');
    const classify = await openClassifier(question, null, t.app.pseudonymiser.exportKey());
    const worker = new ListenWorker(
      { redis: client, config, posts: t.posts, classify, question: 'brexit', keyFingerprint: t.app.pseudonymiser.fingerprint },
      { ...DEFAULT_WORKER_OPTIONS, consumer: 'worker-one', exitWhenIdle: true, maxAttempts: 1, claimIdleMs: 100 },
    );
    await worker.run();
    close = async () => {
      await served.close();
      await intake.close();
      client.disconnect();
    };
    browser = await launchChromium(CHROMIUM!);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    await redis?.stop();
    await t?.close();
  });

  async function logIn(name: string) {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(base);
    await page.fill('input[name=name]', name);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=headline]');
    return page;
  }

  it('shows admins the workers and the dead letters, and analysts nothing of it', async () => {
    const page = await logIn('adm');
    await page.waitForSelector('[data-testid=pipeline]');
    const text = await page.textContent('[data-testid=pipeline]');
    expect(text).toMatch(/dead letters\s*1/);
    expect(text).toContain('worker-one');
    expect(text).toContain('600');
    expect(text).toMatch(/Backlog\s*0 posts/);
    expect(text).toMatch(/not valid JSON/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-pipeline.png'), fullPage: true });
    await page.locator('[data-testid=pipeline]').screenshot({ path: join(ARTIFACTS, 'pipeline-panel.png') });
    const analyst = await logIn('ana');
    await analyst.waitForTimeout(500);
    expect(await analyst.locator('[data-testid=pipeline]').count()).toBe(0);
  });
});
