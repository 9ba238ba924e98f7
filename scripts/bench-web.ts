// Entry point of `pnpm bench:web`; the benchmark lives in web/bench/bench.ts (beside the browser driver it uses).
import '../web/bench/bench.ts';
