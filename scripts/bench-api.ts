// Entry point of `pnpm bench:api`; the benchmark lives in server/src/cli/benchApi.ts.
import '../server/src/cli/benchApi.ts';
