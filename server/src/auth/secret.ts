import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The session cookie's signing secret: $NIANBAO_SESSION_SECRET, else a random one kept beside the
 * database (`<db>.session-secret`, mode 0600), so sessions outlive a restart of the server.
 */
export function sessionSecret(dbPath: string, env = process.env): string {
  const given = env.NIANBAO_SESSION_SECRET;
  if (given) {
    if (given.length < 32) throw new Error('NIANBAO_SESSION_SECRET must be at least 32 characters');
    return given;
  }
  const file = `${dbPath}.session-secret`;
  try {
    const s = readFileSync(file, 'utf8').trim();
    if (s.length >= 32) return s;
  } catch {
    // not made yet
  }
  const s = randomBytes(32).toString('hex');
  writeFileSync(file, `${s}\n`, { mode: 0o600 });
  return s;
}
