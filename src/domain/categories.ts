/**
 * Report categories. A hotline chooses which it takes; the shipped set covers
 * what INHOPE hotlines handle. Severity (1 = most severe) orders the queue.
 */
export interface Category {
  id: string;
  severity: number;
  /** Labels by locale for categories a hotline defines itself; shipped ones are in the message catalogues. */
  labels?: Record<string, string>;
}

export const DEFAULT_CATEGORIES: readonly Category[] = [
  { id: 'csam', severity: 1 },
  { id: 'child_nudity', severity: 2 },
  { id: 'grooming', severity: 1 },
  { id: 'ncii', severity: 2 },
  { id: 'terrorism', severity: 2 },
  { id: 'hate', severity: 3 },
  { id: 'drugs', severity: 4 },
  { id: 'violence', severity: 3 },
  { id: 'other_illegal', severity: 5 },
];

export const CONTENT_TYPES = ['image', 'video', 'website', 'text', 'other'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

const CATEGORY_ID = /^[a-z][a-z0-9_]{1,39}$/;

/**
 * Reads a hotline's own category list (JSON): an array of
 * `{id, severity, labels?: {en, cs, ...}}`. Shipped ids need no labels.
 * Returns the categories or the list of problems found.
 */
export function parseCategoryList(json: unknown): { categories: Category[] } | { problems: string[] } {
  if (!Array.isArray(json) || json.length === 0) return { problems: ['must be a non-empty JSON array'] };
  const problems: string[] = [];
  const seen = new Set<string>();
  const categories = json.map((entry: unknown, index): Category => {
    const { id, severity, labels } = (entry ?? {}) as Record<string, unknown>;
    const where = `entry ${index}`;
    if (typeof id !== 'string' || !CATEGORY_ID.test(id)) problems.push(`${where}: id must match ${CATEGORY_ID}`);
    else if (seen.has(id)) problems.push(`${where}: id ${id} appears twice`);
    else seen.add(id);
    if (!Number.isInteger(severity) || (severity as number) < 1 || (severity as number) > 9) {
      problems.push(`${where}: severity must be a whole number from 1 to 9`);
    }
    const shipped = DEFAULT_CATEGORIES.some((category) => category.id === id);
    if (!shipped && !isLabelMap(labels)) problems.push(`${where}: a category of your own needs labels with at least "en"`);
    return { id: String(id), severity: Number(severity), ...(isLabelMap(labels) ? { labels } : {}) };
  });
  return problems.length > 0 ? { problems } : { categories };
}

function isLabelMap(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null) return false;
  const entries = Object.entries(value);
  return typeof (value as Record<string, unknown>).en === 'string' && entries.every(([, text]) => typeof text === 'string');
}
