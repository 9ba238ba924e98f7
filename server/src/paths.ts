import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository root (server/src/paths.ts → ../..). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const DATA_DIR = resolve(REPO_ROOT, 'data');
export const DEFAULT_REPORTS_DIR = resolve(DATA_DIR, 'reports');

/** The SQLite file: NIANBAO_DB overrides data/nianbao.sqlite. */
export function databasePath(): string {
  return process.env.NIANBAO_DB ? resolve(process.env.NIANBAO_DB) : resolve(DATA_DIR, 'nianbao.sqlite');
}

export function overridesPath(): string {
  return process.env.NIANBAO_OVERRIDES ? resolve(process.env.NIANBAO_OVERRIDES) : resolve(DATA_DIR, 'region-overrides.csv');
}
