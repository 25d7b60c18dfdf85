import { describe, expect, it } from 'vitest';
import { findUnstorableText, problemOfText } from './storable-text.js';

describe('text PostgreSQL cannot store', () => {
  it('is a NUL character or a UTF-16 surrogate without its pair, nothing else', () => {
    expect(problemOfText('a\u0000b')).toBe('nul');
    expect(problemOfText('\ud800')).toBe('lone_surrogate');
    expect(problemOfText('x\udc00')).toBe('lone_surrogate');
    expect(problemOfText('\udc00\ud800')).toBe('lone_surrogate');
    expect(problemOfText('😀 «ok» \u0001\uFFFD')).toBeUndefined();
  });

  it('is found anywhere in parsed input, keys included, with the path to it', () => {
    const input = { urls: ['fine', 'a\u0000'], contact: { name: '\ud800' }, ['b\u0000ad']: 1, count: 3, none: null };
    expect(findUnstorableText(input)).toEqual([
      { field: 'urls[1]', problem: 'nul' },
      { field: 'contact.name', problem: 'lone_surrogate' },
      { field: 'b\uFFFDad', problem: 'nul' },
    ]);
    expect(findUnstorableText(['\u0000'])).toEqual([{ field: '[0]', problem: 'nul' }]);
    expect(findUnstorableText({ clean: ['text', { deeper: 'yes' }] })).toEqual([]);
  });

  it('walks any depth of nesting without exhausting the stack, and stops after a few findings', () => {
    let nested: unknown = 'a\u0000';
    for (let depth = 0; depth < 50_000; depth += 1) nested = [nested];
    expect(findUnstorableText(nested)[0]!.problem).toBe('nul');
    expect(findUnstorableText(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
  });
});
