/**
 * Builds the dashboard (web/ → web/dist/) with Vite. `--if-stale` builds only when web/dist is
 * missing or older than anything it is built from (web/src, web/index.html, the Vite config,
 * shared/src), so `pnpm start` on a fresh clone serves a dashboard and an up-to-date one starts at once.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const WEB = join(ROOT, 'web');
export const DIST = join(WEB, 'dist');
const SOURCES = [join(WEB, 'src'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(WEB, 'package.json'), join(ROOT, 'shared/src')];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = 0;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

export function webIsStale(): boolean {
  const index = join(DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((p) => newest(p) > built);
}

export async function buildWeb(opts: { ifStale?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (opts.ifStale && !webIsStale()) return false;
  // Vite is the web package's dependency: resolve it from there.
  const vitePath = join(WEB, 'node_modules/vite/dist/node/index.js');
  const { build } = (await import(pathToFileURL(vitePath).href)) as { build: (config: object) => Promise<unknown> };
  // A production build whoever calls: under vitest NODE_ENV is 'test', and Vite (and the Svelte
  // plugin) would otherwise build in development mode.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: WEB, configFile: join(WEB, 'vite.config.ts'), mode: 'production', logLevel: opts.quiet ? 'warn' : 'info' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ifStale = process.argv.includes('--if-stale');
  const built = await buildWeb({ ifStale, quiet: ifStale });
  if (ifStale) process.stdout.write(built ? 'web: built web/dist\n' : 'web: web/dist is up to date\n');
}
