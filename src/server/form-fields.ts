import { Type, type StringOptions, type TOptional, type TString } from '@sinclair/typebox';

/**
 * Form bodies and query strings as one string per field: a repeated field
 * keeps its first value, so no handler ever meets an array where it expects text.
 */
export function firstValueOfEachField(encoded: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(encoded)) {
    if (!(name in fields)) fields[name] = value;
  }
  return fields;
}

/**
 * One field of a form's body schema: text when sent, absent when not. Limits
 * belong here only where the form has no message of its own for them.
 */
export function formField(options: StringOptions = {}): TOptional<TString> {
  return Type.Optional(Type.String(options));
}
