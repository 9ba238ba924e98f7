// Entry point of `pnpm user`; the command lives in server/src/cli/user.ts.
import { runUserCommand } from '../server/src/cli/user.ts';

process.exitCode = await runUserCommand(process.argv.slice(2));
