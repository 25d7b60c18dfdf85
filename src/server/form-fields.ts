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
