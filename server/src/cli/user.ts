/**
 * `pnpm user add NAME [--region CODE]` — adds an editor and prints a one-time password (shown
 * once, stored only as an scrypt hash); `--region` (any level's code) limits the reports they may
 * correct. `pnpm user list` — editors, their regions and open sessions. `pnpm user remove NAME` —
 * removes an editor (their sessions end at once). The database is data/nianbao.sqlite or $NIANBAO_DB.
 */
import { databasePath } from '../paths.ts';
import { openWritable } from '../store/db.ts';
import { AccountsRepository } from '../api/repositories/accounts.repository.ts';
import { AccountsService } from '../api/services/accounts.service.ts';

const USAGE = 'usage: pnpm user add NAME [--region CODE] | pnpm user list | pnpm user remove NAME';

export async function runUserCommand(args: string[], dbPath = databasePath(), out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const [command, ...rest] = args;
  const err = (s: string) => {
    process.stderr.write(`${s}\n`);
    return 2;
  };
  if (!command || !['add', 'list', 'remove'].includes(command)) return err(USAGE);
  const db = openWritable(dbPath);
  try {
    const accounts = new AccountsService(new AccountsRepository(db));
    if (command === 'list') {
      const users = accounts.list();
      if (users.length === 0) out('no editors (add one with: pnpm user add NAME [--region CODE])\n');
      for (const u of users) {
        out(`${u.name}\t${u.region ? `${u.region.code} ${u.region.name}` : 'all regions'}\tadded ${u.createdAt}\t${u.sessions} session(s)\n`);
      }
      return 0;
    }
    let region: string | null = null;
    const names: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (a === '--region') region = rest[++i] ?? '';
      else if (a.startsWith('--region=')) region = a.slice('--region='.length);
      else if (a.startsWith('--')) return err(`unknown option ${a}\n${USAGE}`);
      else names.push(a);
    }
    if (names.length !== 1) return err(USAGE);
    const name = names[0];
    if (command === 'remove') {
      if (region !== null) return err(USAGE);
      if (!accounts.remove(name)) return err(`no user ${name}`);
      out(`removed ${name}; their sessions are ended\n`);
      return 0;
    }
    if (region === '') return err('--region needs a division code (2, 4, 6 or 9 digits)');
    try {
      const { user, password } = await accounts.add(name, region);
      out(`added ${user.name} (${user.region ? `may correct reports in ${user.region.code} ${user.region.name}` : 'may correct reports everywhere'})\n`);
      out(`one-time password (shown only now): ${password}\n`);
      return 0;
    } catch (e) {
      return err((e as Error).message);
    }
  } finally {
    db.$client.close();
  }
}

