import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { fetchPolicy } from './fetch-policy.js';

function recordingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines };
}

describe('fetchPolicy', () => {
  it('allows public addresses only, silently, when no network is added', () => {
    const { logger, lines } = recordingLogger();
    const policy = fetchPolicy([], logger);
    expect([policy('8.8.8.8'), policy('127.0.0.1'), policy('::1')]).toEqual([true, false, false]);
    expect(lines).toEqual([]);
  });

  it('adds the networks of FETCH_ALLOW_CIDRS, and warns that this is for tests', () => {
    const { logger, lines } = recordingLogger();
    const policy = fetchPolicy(['127.0.0.0/8'], logger);
    expect([policy('8.8.8.8'), policy('127.0.0.1'), policy('127.255.255.255'), policy('10.0.0.1'), policy('::1')]).toEqual([true, true, true, false, false]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, cidrs: ['127.0.0.0/8'], msg: expect.stringContaining('for tests only') });
  });
});
