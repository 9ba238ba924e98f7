// Entry point of `pnpm start`; the command lives in server/src/cli/serve.ts.
import '../server/src/cli/serve.ts';
