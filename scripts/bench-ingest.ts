// Entry point of `pnpm bench:ingest`; the benchmark lives in server/src/cli/benchIngest.ts.
import '../server/src/cli/benchIngest.ts';
