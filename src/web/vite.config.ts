import { fileURLToPath } from 'node:url';
import type { OutputBundle, OutputChunk } from 'rollup';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The files the canvass page needs (its page, its scripts and styles and what they import, its
 * manifest and icons), found in the bundle after the build: the service worker precaches these and
 * nothing else — not the dashboard, and never an API answer (those hold personal data; the phone's
 * data lives in IndexedDB).
 */
function canvassShell(): { plugin: Plugin; files: Set<string> } {
  const files = new Set<string>(['canvass.html', 'canvass/manifest.webmanifest', 'canvass/icon.svg', 'canvass/icon-192.png', 'canvass/icon-512.png']);
  const visit = (bundle: OutputBundle, name: string): void => {
    const chunk = bundle[name];
    if (!chunk || files.has(name)) return;
    files.add(name);
    if (chunk.type !== 'chunk') return;
    const meta = (chunk as OutputChunk & { viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> } }).viteMetadata;
    for (const f of [...(meta?.importedCss ?? []), ...(meta?.importedAssets ?? [])]) files.add(f);
    for (const f of [...chunk.imports, ...chunk.dynamicImports]) visit(bundle, f);
  };
  const plugin: Plugin = {
    name: 'hustings:canvass-shell',
    apply: 'build',
    generateBundle(_, bundle) {
      const entry = Object.values(bundle).find((c): c is OutputChunk => c.type === 'chunk' && c.isEntry && !!c.facadeModuleId?.endsWith('/canvass.html'));
      if (!entry) this.error('the canvass entry (canvass.html) is missing from the bundle');
      visit(bundle, entry.fileName);
    },
  };
  return { plugin, files };
}

const shell = canvassShell();

/**
 * Two pages built into dist/web, which `hustings serve` serves: the dashboard (index.html) and the
 * canvassers' offline phone app (canvass.html, served at /canvass/, with its service worker at
 * /canvass/sw.js). No React plugin is needed for a production build.
 */
export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
    rollupOptions: { input: { index: `${root}index.html`, canvass: `${root}canvass.html` } },
  },
  plugins: [
    shell.plugin,
    VitePWA({
      strategies: 'generateSW',
      filename: 'canvass/sw.js',
      scope: '/canvass/',
      manifest: false, // a file of its own (public/canvass/manifest.webmanifest), linked from canvass.html only
      injectRegister: false, // registered by the page's own script (the CSP allows no inline script)
      workbox: {
        globPatterns: ['canvass.html', 'assets/*.{js,css}', 'canvass/*.{png,svg,webmanifest}'],
        // Kept relative to the site, not to the worker's folder; only the canvass shell.
        manifestTransforms: [(entries) => ({ manifest: entries.filter((e) => shell.files.has(e.url)).map((e) => ({ ...e, url: `/${e.url}` })), warnings: [] })],
        navigateFallback: '/canvass.html',
        navigateFallbackAllowlist: [/^\/canvass(\/|$)/],
        navigateFallbackDenylist: [/^\/api\//],
        runtimeCaching: [],
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/login': 'http://127.0.0.1:8080' } },
});
