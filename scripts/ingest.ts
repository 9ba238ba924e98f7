// Entry point of `pnpm ingest`; the command lives in server/src/cli/ingest.ts.
import '../server/src/cli/ingest.ts';
