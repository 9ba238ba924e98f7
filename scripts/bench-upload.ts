/** `pnpm bench:upload`: see server/src/cli/benchUpload.ts. */
import '../server/src/cli/benchUpload.ts';
