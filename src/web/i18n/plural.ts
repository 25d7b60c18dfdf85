/**
 * ICU plural arguments in catalogue texts, chosen by the locale's own rules
 * (Intl.PluralRules): `{count, plural, one {# item} other {# items}}`. A
 * branch is `=N` for an exact number or a CLDR category (zero, one, two, few,
 * many, other); `#` in it is the number, written the locale's way. A branch
 * may hold ordinary {placeholders}; they are filled afterwards like any other.
 */
const PLURAL_START = /\{(\w+), plural,/g;
const SELECTOR = /\s*(=\d+|zero|one|two|few|many|other)\s*\{/y;

export interface PluralArgument {
  name: string;
  /** Branch selector → its text. */
  branches: Map<string, string>;
  start: number;
  end: number;
}

/** Every plural argument of a text, in order; throws on a malformed one, so a catalogue test finds it. */
export function pluralArguments(text: string): PluralArgument[] {
  const found: PluralArgument[] = [];
  for (const match of text.matchAll(PLURAL_START)) {
    if (found.length > 0 && match.index < found.at(-1)!.end) continue;
    const branches = new Map<string, string>();
    let position = match.index + match[0].length;
    for (;;) {
      SELECTOR.lastIndex = position;
      const selector = SELECTOR.exec(text);
      if (!selector) break;
      const close = matchingBrace(text, SELECTOR.lastIndex);
      branches.set(selector[1]!, text.slice(SELECTOR.lastIndex, close));
      position = close + 1;
    }
    const gap = text.slice(position).search(/\S/);
    const end = position + gap;
    if (gap < 0 || text[end] !== '}' || !branches.has('other')) throw new SyntaxError(`malformed plural argument in: ${text}`);
    found.push({ name: match[1]!, branches, start: match.index, end: end + 1 });
  }
  return found;
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === '{') depth += 1;
    if (text[index] === '}' && --depth === 0) return index;
  }
  throw new SyntaxError(`unbalanced braces in: ${text}`);
}

/** The text with each plural argument replaced by the branch its number selects. */
export function choosePlurals(text: string, locale: string, values: Record<string, string | number>): string {
  const plurals = pluralArguments(text);
  if (plurals.length === 0) return text;
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  let result = '';
  let position = 0;
  for (const plural of plurals) {
    const count = Number(values[plural.name]);
    const branch = plural.branches.get(`=${count}`) ?? plural.branches.get(rules.select(count)) ?? plural.branches.get('other')!;
    result += text.slice(position, plural.start) + branch.replaceAll('#', numbers.format(count));
    position = plural.end;
  }
  return result + text.slice(position);
}

/** The plural categories whole numbers take in a locale: the branches a translation must have (with other). */
export function integerPluralCategories(locale: string): string[] {
  const rules = new Intl.PluralRules(locale);
  const categories = new Set<string>(['other']);
  for (let count = 0; count <= 1000; count += 1) categories.add(rules.select(count));
  return [...categories].sort();
}
