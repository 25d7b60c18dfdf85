import { CONTENT_TYPES, type Category, type ContentType } from './categories.js';
import { normalizeUrl } from './url.js';

export const MAX_URLS_PER_REPORT = 50;
export const MAX_DESCRIPTION_LENGTH = 5000;
export const MAX_NAME_LENGTH = 200;
export const MAX_EMAIL_LENGTH = 254;

/** What a reporter sent, before any check: every field may be missing or of the wrong kind. */
export interface ReportInput {
  urls?: unknown;
  category?: unknown;
  contentType?: unknown;
  description?: unknown;
  contact?: { name?: unknown; email?: unknown; mayContact?: unknown } | undefined;
}

export interface ReportedUrl {
  submitted: string;
  normalized: string;
  host: string;
}

export interface Contact {
  name: string | null;
  email: string | null;
  mayContact: boolean;
}

export interface ValidReport {
  urls: ReportedUrl[];
  category: string;
  contentType: ContentType | null;
  description: string | null;
  contact: Contact | null;
}

/** A problem with one field; `code` names a message in every locale (`error.<code>`). */
export interface FieldError {
  field: string;
  code: string;
}

export type ReportValidation = { ok: true; report: ValidReport } | { ok: false; errors: FieldError[] };

// Deliberately loose: one @, something on each side, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateReport(input: ReportInput, categories: readonly Category[]): ReportValidation {
  const errors: FieldError[] = [];
  const urls = checkUrls(input.urls, errors);
  const category = checkCategory(input.category, categories, errors);
  const contentType = checkContentType(input.contentType, errors);
  const description = optionalText(input.description, 'description', MAX_DESCRIPTION_LENGTH, errors);
  const contact = checkContact(input.contact, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, report: { urls, category: category!, contentType, description, contact } };
}

function checkUrls(value: unknown, errors: FieldError[]): ReportedUrl[] {
  const list: unknown[] = Array.isArray(value) ? value : [];
  if (list.some((entry) => typeof entry !== 'string')) {
    errors.push({ field: 'urls', code: 'urls.type' });
    return [];
  }
  const texts = list as string[];
  const filled = texts.filter((entry) => entry.trim() !== '').length;
  if (filled === 0) {
    errors.push({ field: 'urls', code: 'urls.required' });
    return [];
  }
  if (filled > MAX_URLS_PER_REPORT) {
    errors.push({ field: 'urls', code: 'urls.too_many' });
    return [];
  }
  const byNormalized = new Map<string, ReportedUrl>();
  texts.forEach((submitted, index) => {
    if (submitted.trim() === '') return;
    const result = normalizeUrl(submitted);
    if (!result.ok) errors.push({ field: `urls[${index}]`, code: `url.${result.problem}` });
    else if (!byNormalized.has(result.url)) {
      byNormalized.set(result.url, { submitted: submitted.trim(), normalized: result.url, host: result.host });
    }
  });
  return [...byNormalized.values()];
}

function checkCategory(value: unknown, categories: readonly Category[], errors: FieldError[]): string | undefined {
  if (typeof value !== 'string' || value === '') {
    errors.push({ field: 'category', code: 'category.required' });
    return undefined;
  }
  if (!categories.some((category) => category.id === value)) {
    errors.push({ field: 'category', code: 'category.unknown' });
    return undefined;
  }
  return value;
}

function checkContentType(value: unknown, errors: FieldError[]): ContentType | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' && (CONTENT_TYPES as readonly string[]).includes(value)) return value as ContentType;
  errors.push({ field: 'contentType', code: 'content_type.unknown' });
  return null;
}

function optionalText(value: unknown, field: string, maxLength: number, errors: FieldError[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push({ field, code: 'text.type' });
    return null;
  }
  const text = value.trim();
  if (text.length > maxLength) {
    errors.push({ field, code: 'text.too_long' });
    return null;
  }
  return text === '' ? null : text;
}

function checkContact(value: ReportInput['contact'], errors: FieldError[]): Contact | null {
  if (value === undefined || value === null) return null;
  const name = optionalText(value.name, 'contact.name', MAX_NAME_LENGTH, errors);
  const email = optionalText(value.email, 'contact.email', MAX_EMAIL_LENGTH, errors);
  const mayContact = value.mayContact === true;
  if (email !== null && !EMAIL.test(email)) errors.push({ field: 'contact.email', code: 'email.invalid' });
  if (mayContact && email === null) errors.push({ field: 'contact.email', code: 'email.required_for_contact' });
  if (name === null && email === null) return null;
  return { name, email, mayContact };
}
