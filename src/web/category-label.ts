import type { Category } from '../domain/categories.js';
import { isMessageKey } from './i18n/index.js';
import type { PageContext } from './layout.js';

/** A category's name in the reader's language: the hotline's own label, else the catalogue's. */
export function categoryLabel(category: Category, context: Pick<PageContext, 'locale' | 't'>): string {
  const own = category.labels?.[context.locale];
  if (own) return own;
  const key = `category.${category.id}`;
  if (isMessageKey(key)) return context.t(key);
  return category.labels?.en ?? category.id;
}
