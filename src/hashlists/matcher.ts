import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { allowedAfter, entriesAfter, lastRemovalId, readListSettings, removalsAfter, type EntryRow } from './change-feed.js';
import { MatchIndex, type HashMatch, type HashQuery, type MatchOptions } from './match-index.js';

export interface HashMatcherOptions {
  /** How often to look for changes to the lists; 3 s unless given. */
  refreshIntervalMs?: number;
  onError?: (error: unknown) => void;
}

export interface LoadStats {
  entries: number;
  allowed: number;
  milliseconds: number;
}

export interface RefreshStats {
  added: number;
  allowed: number;
  removed: number;
}

const DEFAULT_REFRESH_INTERVAL_MS = 3000;

/**
 * The hash lists of this process, in memory: built from the database at start,
 * then following it, so a hash imported anywhere matches within seconds on every
 * web and worker process.
 */
export class HashMatcher {
  private index = new MatchIndex();
  private lastSeen = { entry: 0, allowed: 0, removal: 0 };
  private latestRefresh: Promise<RefreshStats> = Promise.resolve({ added: 0, allowed: 0, removed: 0 });
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: HashMatcherOptions = {},
  ) {}

  /** Which of the hashes are on lists switched on for the purpose; see MatchIndex.match. */
  match(queries: readonly HashQuery[], options: MatchOptions): HashMatch[] {
    return this.index.match(queries, options);
  }

  /** Builds the index from every list, page by page, then catches up with what changed meanwhile. */
  async load(): Promise<LoadStats> {
    const started = performance.now();
    this.lastSeen = { entry: 0, allowed: 0, removal: await lastRemovalId(this.db) };
    let entries = 0;
    const index = await MatchIndex.build(this.newEntryPages((page) => (entries += page.length)));
    const allowed = await this.applyNewAllowed(index);
    index.setLists(await readListSettings(this.db));
    this.index = index;
    await this.refresh();
    return { entries, allowed, milliseconds: Math.round(performance.now() - started) };
  }

  /** Loads, then refreshes every few seconds until stopped. */
  async start(): Promise<LoadStats> {
    const stats = await this.load();
    this.schedule();
    return stats;
  }

  /** Applies what changed since the last look: new entries and allow-listed hashes, removals, list switches. */
  refresh(): Promise<RefreshStats> {
    const next = this.latestRefresh.then(
      () => this.applyChanges(),
      () => this.applyChanges(),
    );
    this.latestRefresh = next;
    return next;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.latestRefresh.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.refresh().then(
        () => this.schedule(),
        (error: unknown) => {
          this.options.onError?.(error);
          this.schedule();
        },
      );
    }, this.options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS);
    this.timer.unref();
  }

  private async applyChanges(): Promise<RefreshStats> {
    const index = this.index;
    let added = 0;
    for await (const page of this.newEntryPages((page) => (added += page.length))) {
      for (const entry of page) index.addEntry(entry);
    }
    const allowed = await this.applyNewAllowed(index);
    let removed = 0;
    for await (const page of removalsAfter(this.db, this.lastSeen.removal)) {
      for (const removal of page) index.remove(removal);
      removed += page.length;
      this.lastSeen.removal = page.at(-1)!.id;
    }
    // Read last: every entry read above belongs to a list that exists by now.
    index.setLists(await readListSettings(this.db));
    return { added, allowed, removed };
  }

  private async *newEntryPages(onPage: (page: EntryRow[]) => void): AsyncGenerator<EntryRow[]> {
    for await (const page of entriesAfter(this.db, this.lastSeen.entry)) {
      onPage(page);
      yield page;
      this.lastSeen.entry = page.at(-1)!.id;
    }
  }

  private async applyNewAllowed(index: MatchIndex): Promise<number> {
    let allowed = 0;
    for await (const page of allowedAfter(this.db, this.lastSeen.allowed)) {
      for (const row of page) index.allow(row);
      allowed += page.length;
      this.lastSeen.allowed = page.at(-1)!.id;
    }
    return allowed;
  }
}
