import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BadInput, type ApiFieldError } from './errors.js';

/** What PostgreSQL cannot hold in text or jsonb: the NUL character, and UTF-16 surrogates without their pair. */
export type TextProblem = 'nul' | 'lone_surrogate';

export interface UnstorableText {
  /** Where the text is: a query, body or path field as `a.b[0]`, or a header's name. */
  field: string;
  problem: TextProblem;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/** Enough to say what is wrong; a body of a million bad strings is not answered with a million lines. */
const MAX_REPORTED = 20;

export function problemOfText(text: string): TextProblem | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return undefined;
}

interface Visit {
  value: unknown;
  /** How the value is reached from the root, built only when something is wrong. */
  parent: Visit | undefined;
  step: string | number;
}

function pathOf(visit: Visit): string {
  let path = '';
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) {
    path = typeof at.step === 'number' ? `[${at.step}]${path}` : `${at.parent.parent ? '.' : ''}${printable(at.step)}${path}`;
  }
  return path;
}

/** A field name fit to be shown back, even when the name itself is what is wrong. */
function printable(name: string): string {
  return name.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATES, '\uFFFD');
}

/**
 * Every string in a parsed input, object keys included, that cannot be stored,
 * with the path to it. The walk keeps its own stack, so that no nesting of
 * JSON can exhaust the call stack.
 */
export function findUnstorableText(input: unknown): UnstorableText[] {
  const found: UnstorableText[] = [];
  const stack: Visit[] = [{ value: input, parent: undefined, step: '' }];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const visit = stack.pop()!;
    const { value, step } = visit;
    const problem = typeof step === 'string' ? problemOfText(step) : undefined;
    if (problem) {
      found.push({ field: pathOf(visit), problem });
    } else if (typeof value === 'string') {
      const inValue = problemOfText(value);
      if (inValue) found.push({ field: pathOf(visit), problem: inValue });
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) stack.push({ value: value[index], parent: visit, step: index });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value).reverse()) stack.push({ value: child, parent: visit, step: key });
    }
  }
  return found;
}

const PARTS = ['params', 'query', 'headers', 'body'] as const;
const PART_NAMES: Record<(typeof PARTS)[number], string> = { params: 'path parameter', query: 'query parameter', headers: 'header', body: 'body field' };
const RULES: Record<TextProblem, string> = {
  nul: 'must not contain a NUL character (U+0000)',
  lone_surrogate: 'must not contain a UTF-16 surrogate without its pair (such as \\ud800)',
};

function problemsOf(request: FastifyRequest): ApiFieldError[] {
  return PARTS.flatMap((part) =>
    findUnstorableText(request[part]).map(({ field, problem }) => ({
      field,
      code: `text.${problem}`,
      message: `${PART_NAMES[part]} ${field} ${RULES[problem]}`,
    })),
  );
}

/**
 * The one place where text from outside is checked for what PostgreSQL cannot
 * store, before schemas and handlers see it: path, query, headers and body.
 * Hooks that run earlier read headers only to digest or compare them.
 */
async function storableText(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => {
    const problems = problemsOf(request);
    if (problems.length > 0) throw new BadInput(problems);
  });
}

export default fp(storableText, { name: 'storable-text' });
