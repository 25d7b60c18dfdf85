/**
 * Gathers values arriving one request at a time into batches for one write:
 * under load, many reports' items are queued in one statement instead of one
 * statement each. A batch is written when it is full or after a short wait.
 */
export interface BatcherOptions {
  /** Longest time a value waits for others, in milliseconds. */
  windowMs: number;
  maxSize: number;
}

interface Waiting<T> {
  values: T[];
  settle: { resolve: () => void; reject: (error: unknown) => void }[];
}

export class Batcher<T> {
  private waiting: Waiting<T> = { values: [], settle: [] };
  private timer: NodeJS.Timeout | undefined;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly write: (values: readonly T[]) => Promise<void>,
    private readonly options: BatcherOptions,
  ) {}

  /** Resolves once the values are written, with others; rejects if their batch failed. */
  add(values: readonly T[]): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiting.settle.push({ resolve, reject }));
    this.waiting.values.push(...values);
    if (this.waiting.values.length >= this.options.maxSize) this.writeNow();
    else this.timer ??= setTimeout(() => this.writeNow(), this.options.windowMs);
    return done;
  }

  /** Writes what is waiting and waits for every write under way, e.g. before shutting down. */
  async flush(): Promise<void> {
    this.writeNow();
    await Promise.allSettled([...this.writing]);
  }

  private writeNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    if (batch.settle.length === 0) return;
    this.waiting = { values: [], settle: [] };
    const written: Promise<void> = this.write(batch.values).then(
      () => batch.settle.forEach(({ resolve }) => resolve()),
      (error: unknown) => batch.settle.forEach(({ reject }) => reject(error)),
    );
    this.writing.add(written);
    void written.finally(() => this.writing.delete(written));
  }
}
