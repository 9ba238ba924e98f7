
/**
 * The state of one asynchronous load: data, error, loading. `run` starts a new load and makes
 * any earlier one stale (its answer is dropped), so fast URL changes never show old data.
 */
export class Resource<T> {
  data = $state<T | null>(null);
  /** The failure as thrown (an ApiFailure carries the API's code): Status shows it in the user's words. */
  error = $state<Error | null>(null);
  loading = $state(false);
  #seq = 0;
  #last: (() => Promise<T> | null) | null = null;

  run(start: () => Promise<T> | null): void {
    this.#last = start;
    const seq = ++this.#seq;
    const p = start();
    if (!p) {
      this.loading = false;
      this.error = null;
      this.data = null;
      return;
    }
    this.loading = true;
    this.error = null;
    p.then(
      (d) => {
        if (seq !== this.#seq) return;
        this.data = d;
        this.loading = false;
      },
      (e) => {
        if (seq !== this.#seq) return;
        this.error = e instanceof Error ? e : new Error(String(e));
        this.data = null;
        this.loading = false;
      },
    );
  }

  retry(): void {
    if (this.#last) this.run(this.#last);
  }
}
