// Entry point of `pnpm parse`; the command lives in server/src/cli/parse.ts.
import '../server/src/cli/parse.ts';
