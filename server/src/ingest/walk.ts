import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

export interface Walked {
  files: string[];
  /** Files passed over, with the reason (unsupported type, unreadable path). */
  skipped: { path: string; reason: string }[];
}

/** Every file under the paths (recursively), split into supported and skipped. */
export function walkReports(paths: string[], extensions: string[]): Walked {
  const files: string[] = [];
  const skipped: Walked['skipped'] = [];
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      skipped.push({ path: p, reason: `cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!name.startsWith('.')) visit(join(p, name));
    } else if (extensions.includes(extname(p).toLowerCase())) files.push(p);
    else skipped.push({ path: p, reason: `unsupported type ${extname(p) || '(none)'}` });
  };
  for (const p of paths) visit(resolve(p));
  return { files, skipped };
}
