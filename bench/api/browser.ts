import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'];

/**
 * The dashboard in Chromium, logged in by a one-time link: for each of `batches` batches of 100
 * new posts POSTed to the API, the time until the page's headline (the report the page fetches
 * again when the event stream says the store changed) shows the new total.
 */
export async function dashboardLatencies(chromiumPath: string, url: string, link: string, headers: Record<string, string>, batches: number): Promise<number[]> {
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(link);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=headline]', { timeout: 60_000 });
    const shown = async (): Promise<number> => Number((await page.getAttribute('[data-testid=headline]', 'data-posts')) ?? NaN);
    const out: number[] = [];
    for (let b = 0; b < batches; b++) {
      const before = await shown();
      const body = Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: `dash-${Date.now()}-${b}-${i}`, text: i % 2 ? 'Vote leave, take back control #VoteLeave' : 'Stronger together in Europe #StrongerIn', created_at: '2016-06-23T12:00:00Z', lang: 'en' })).join('\n');
      const sent = performance.now();
      const r = await fetch(`${url}/api/listen/posts`, { method: 'POST', headers, body });
      if (!r.ok) throw new Error(`POST failed: ${r.status} ${await r.text()}`);
      // The page's CSP forbids evaluated scripts: poll the attribute over the protocol instead (~2 ms a look).
      const deadline = performance.now() + 30_000;
      while ((await shown()) < before + 100) {
        if (performance.now() > deadline) throw new Error('the dashboard did not show a posted batch within 30 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      out.push(performance.now() - sent);
    }
    return out;
  } finally {
    await browser.close();
  }
}
