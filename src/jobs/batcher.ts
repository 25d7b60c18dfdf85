/**
 * Gathers values arriving one request at a time into batches for one write:
 * under load, many reports (or many reports' items) are written in one
 * statement instead of one statement each. A batch is written when it is
 * full or after a short wait.
 */
export interface BatcherOptions {
  /** Longest time a value waits for others, in milliseconds. */
  windowMs: number;
  maxSize: number;
  /**
   * When a batch of several callers' values fails, write each caller's values
   * again on their own, so that one bad value fails only its own caller.
   */
  retryAlone?: boolean;
}

/** Writes values; returns one result per value, in order, or nothing when there is nothing to tell. */
export type BatchWrite<T, R> = (values: readonly T[]) => Promise<readonly R[] | void>;

interface Caller<R> {
  from: number;
  to: number;
  resolve: (results: R[]) => void;
  reject: (error: unknown) => void;
}

interface Waiting<T, R> {
  values: T[];
  callers: Caller<R>[];
}

export class Batcher<T, R = void> {
  private waiting: Waiting<T, R> = { values: [], callers: [] };
  private timer: NodeJS.Timeout | undefined;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly write: BatchWrite<T, R>,
    private readonly options: BatcherOptions,
  ) {}

  /** Resolves with the values' results once they are written, with others; rejects if their batch failed. */
  add(values: readonly T[]): Promise<R[]> {
    const from = this.waiting.values.length;
    this.waiting.values.push(...values);
    const done = new Promise<R[]>((resolve, reject) => this.waiting.callers.push({ from, to: this.waiting.values.length, resolve, reject }));
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
    if (batch.callers.length === 0) return;
    this.waiting = { values: [], callers: [] };
    const written = this.settle(batch);
    this.writing.add(written);
    void written.finally(() => this.writing.delete(written));
  }

  private async settle(batch: Waiting<T, R>): Promise<void> {
    try {
      const results = await this.write(batch.values);
      for (const caller of batch.callers) caller.resolve(results ? results.slice(caller.from, caller.to) : []);
    } catch (error) {
      if (!this.options.retryAlone || batch.callers.length === 1) {
        for (const caller of batch.callers) caller.reject(error);
        return;
      }
      await Promise.all(
        batch.callers.map((caller) => this.settle({ values: batch.values.slice(caller.from, caller.to), callers: [{ ...caller, from: 0, to: caller.to - caller.from }] })),
      );
    }
  }
}
