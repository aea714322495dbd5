import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { WEB_ROOT } from '../../src/server';

/** Debian's Chromium (`.ci/run` installs it), or the one CHROMIUM_PATH names. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p)) ?? null;
  if (!found) {
    if (process.env.CI === 'true') throw new Error('CI=true but no Chromium: install the Debian package chromium or set CHROMIUM_PATH');
    console.warn('\n*** Browser tests SKIPPED: no Chromium (install the Debian package chromium or set CHROMIUM_PATH) ***\n');
  }
  return found;
}

export function launchChromium(path: string): Promise<Browser> {
  return chromium.launch({
    executablePath: path,
    // The flags DESIGN.md lists: headless, no network of its own, no first-run work. WebGL (for the map) runs in software.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
  });
}

/** The built dashboard; built here (~30 s) when `npm ci` has not built it yet. */
export async function builtWebRoot(): Promise<string> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(import.meta.dirname, '..', '..', 'src', 'web', 'vite.config.ts') });
  }
  return WEB_ROOT;
}

/** Where tests keep their screenshots (a CI run keeps the folder as its artifacts). */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** Serves `fetch` on a free port of 127.0.0.1: its base URL, and how to stop it. */
export async function listenLocally(fetch: (request: Request) => Response | Promise<Response>): Promise<{ base: string; close: () => Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A new page of `width` × 900 at `base + path`, logged in through the login form as `name`. */
export async function loggedInPage(browser: Browser, base: string, path: string, width: number, name: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  await page.goto(`${base}${path}`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  return page;
}
