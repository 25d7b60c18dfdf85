import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { Cipher } from '../privacy/cipher.js';
import { openTestDatabase, testEngine } from '../test-support/database.js';
import { eraseOldSubmissions, OUTCOME_MINUTES, outcomeOf, submissionKey, submitOnce } from './submissions.js';

let handle: DatabaseHandle;
const cipher = new Cipher(randomBytes(32));
const owner = 'user:test';

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

describe(`form submissions on ${testEngine}`, () => {
  it('key a form by its kind, token, action and fields, never by its token field itself', () => {
    const key = (token: string, fields: Record<string, string>) => submissionKey('report', token, '/report', fields).toString('hex');
    expect(key('t1', { a: '1', b: '2', _csrf: 't1' })).toBe(key('t1', { b: '2', a: '1' }));
    expect(key('t1', { a: '1' })).not.toBe(key('t2', { a: '1' }));
    expect(key('t1', { a: '1' })).not.toBe(key('t1', { a: '2' }));
    expect(submissionKey('report', undefined, '/report', {}).equals(submissionKey('report', undefined, '/report', {}))).toBe(false);
  });

  it('carry out a form sent twice at the same moment once, and give both the same outcome', async () => {
    const submission = { form: 'count', key: randomBytes(32), owner };
    let changes = 0;
    const change = async () => ({ n: ++changes });
    const [first, second] = await Promise.all([submitOnce(handle.db, cipher, submission, change), submitOnce(handle.db, cipher, submission, change)]);
    expect(changes).toBe(1);
    expect([first.outcome, second.outcome]).toEqual([{ n: 1 }, { n: 1 }]);
    expect([first.fresh, second.fresh].sort()).toEqual([false, true]);
    expect(first.ref).toBe(submission.key.toString('hex'));
  });

  it('forget a submission whose change failed, so that it can be sent again', async () => {
    const submission = { form: 'fails', key: randomBytes(32), owner };
    await expect(submitOnce(handle.db, cipher, submission, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect((await submitOnce(handle.db, cipher, submission, async () => 'done')).outcome).toBe('done');
  });

  it('show an outcome only to its owner, as its own kind of form, and erase it after an hour', async () => {
    const submission = { form: 'secret', key: randomBytes(32), owner };
    const { ref } = await submitOnce(handle.db, cipher, submission, async () => ({ password: 'p' }));
    expect(await outcomeOf(handle.db, cipher, ref, { form: 'secret', owner })).toEqual({ password: 'p' });
    expect(await outcomeOf(handle.db, cipher, ref, { form: 'secret', owner: 'user:other' })).toBeUndefined();
    expect(await outcomeOf(handle.db, cipher, ref, { form: 'report', owner })).toBeUndefined();
    expect(await outcomeOf(handle.db, cipher, 'not-a-ref', { form: 'secret', owner })).toBeUndefined();
    const stored = await handle.db.selectFrom('form_submissions').select('outcome').where('key', '=', submission.key).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.outcome!).toString('utf8')).not.toContain('password');

    await eraseOldSubmissions(handle.db, new Date(Date.now() + (OUTCOME_MINUTES + 1) * 60_000));
    expect(await outcomeOf(handle.db, cipher, ref, { form: 'secret', owner })).toBeUndefined();
    const repeat = await submitOnce(handle.db, cipher, submission, async () => ({ password: 'q' }));
    expect(repeat).toEqual({ ref, outcome: undefined, fresh: false });
  });
});
