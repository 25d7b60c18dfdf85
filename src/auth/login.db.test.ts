import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../test-support/app.js';
import { testEngine } from '../test-support/database.js';
import { formClient } from '../test-support/form-client.js';
import { MAX_FAILED_LOGINS } from './login.js';
import { createSession, loadSession } from './sessions.js';
import { createUser } from './users.js';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await openTestApp();
});
afterAll(() => testApp.close());

const browser = () => formClient(testApp.app);

async function signInAndEnrol(email: string, password: string) {
  const client = browser();
  await client.get('/staff/login');
  const login = await client.post('/staff/login', { email, password });
  expect(login.statusCode).toBe(303);
  expect(login.headers.location).toBe('/staff/enrol');
  const enrolPage = await client.get('/staff/enrol');
  expect(enrolPage.body).toContain('<svg');
  const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(enrolPage.body)![1]!;
  const enrolled = await client.post('/staff/enrol', { code: await generate({ secret }) });
  expect(enrolled.statusCode).toBe(200);
  const codes = [...enrolled.body.matchAll(/<li>([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})<\/li>/g)].map((m) => m[1]!);
  return { client, secret, codes };
}

describe(`staff sign-in on ${testEngine}`, () => {
  it('enrols TOTP at the first sign-in, then lets the user in', async () => {
    const { password } = await createUser(testApp.database.db, { email: 'first@hotline.example', role: 'analyst' });
    const { client, codes } = await signInAndEnrol('first@hotline.example', password);
    expect(codes).toHaveLength(10);
    expect((await client.get('/staff/queue')).statusCode).toBe(200);
  });

  it('asks for the second factor at every later sign-in and refuses a code used twice', async () => {
    const { password } = await createUser(testApp.database.db, { email: 'second@hotline.example', role: 'analyst' });
    const { secret } = await signInAndEnrol('second@hotline.example', password);
    const client = browser();
    await client.get('/staff/login');
    const login = await client.post('/staff/login', { email: 'second@hotline.example', password });
    expect(login.headers.location).toMatch(/^\/staff\/login\/code/);
    expect((await client.get('/staff/queue')).statusCode).toBe(303);
    await client.get('/staff/login/code');
    const reused = await client.post('/staff/login/code', { code: await generate({ secret }) });
    expect(reused.statusCode).toBe(401);
  });

  it('accepts each recovery code once', async () => {
    const { password } = await createUser(testApp.database.db, { email: 'recover@hotline.example', role: 'supervisor' });
    const { codes } = await signInAndEnrol('recover@hotline.example', password);
    for (const expected of [303, 401]) {
      const client = browser();
      await client.get('/staff/login');
      await client.post('/staff/login', { email: 'recover@hotline.example', password });
      await client.get('/staff/login/code');
      expect((await client.post('/staff/login/code', { code: codes[0]! })).statusCode).toBe(expected);
    }
  });

  it('says the same for an unknown address and a wrong password, and locks after repeated failures', async () => {
    const { password } = await createUser(testApp.database.db, { email: 'locked@hotline.example', role: 'analyst' });
    const client = browser();
    await client.get('/staff/login');
    const unknown = await client.post('/staff/login', { email: 'nobody@hotline.example', password: 'whatever-it-is' });
    const wrong = await client.post('/staff/login', { email: 'locked@hotline.example', password: 'not-the-password' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toContain('The e-mail address or password is wrong.');
    expect(wrong.body).toContain('The e-mail address or password is wrong.');
    for (let attempt = 1; attempt < MAX_FAILED_LOGINS; attempt++) {
      await client.post('/staff/login', { email: 'locked@hotline.example', password: 'not-the-password' });
    }
    const locked = await client.post('/staff/login', { email: 'locked@hotline.example', password });
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toContain('locked');
  });

  it('signs out everywhere and ends idle sessions', async () => {
    const { password, user } = await createUser(testApp.database.db, { email: 'everywhere@hotline.example', role: 'auditor' });
    const { client } = await signInAndEnrol('everywhere@hotline.example', password);
    const other = await createSession(testApp.database.db, user.id, 'full');
    const limits = { idleMinutes: 30, absoluteHours: 12 };
    expect(await loadSession(testApp.database.db, other, limits, new Date(Date.now() + 31 * 60_000))).toBeUndefined();

    const another = await createSession(testApp.database.db, user.id, 'full');
    expect(await loadSession(testApp.database.db, another, limits)).toBeDefined();
    await client.get('/staff/account');
    expect((await client.post('/staff/logout-everywhere', {})).statusCode).toBe(303);
    expect(await loadSession(testApp.database.db, another, limits)).toBeUndefined();
    expect((await client.get('/staff/audit')).statusCode).toBe(303);
  });

  it('speaks the language the browser prefers, and keeps the one chosen with ?lang=', async () => {
    const czech = await testApp.app.inject({ method: 'GET', url: '/staff/login', headers: { 'accept-language': 'cs-CZ,cs;q=0.9' } });
    expect(czech.body).toContain('<html lang="cs">');
    expect(czech.body).toContain('<title>Přihlášení – Pracovní prostředí OpenHotline</title>');
    expect(czech.body).toContain('<label for="email">E-mailová adresa</label>');
    expect(czech.body).toContain('<a href="/staff/login?lang=en" hreflang="en" lang="en">English</a>');
    expect(czech.body).not.toContain('Sign in');

    const client = browser();
    expect((await client.get('/staff/login?lang=cs')).body).toContain('<html lang="cs">');
    const wrong = await client.post('/staff/login', { email: 'nobody@hotline.example', password: 'whatever-it-is' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('<html lang="cs">');
    expect(wrong.body).toContain('E-mailová adresa nebo heslo nejsou správné.');
  });

  it('shows the signed-in frame and account page in the chosen language', async () => {
    const { password } = await createUser(testApp.database.db, { email: 'taal@hotline.example', role: 'analyst' });
    const { client } = await signInAndEnrol('taal@hotline.example', password);
    const account = await client.get('/staff/account?lang=nl');
    expect(account.body).toContain('<html lang="nl">');
    expect(account.body).toContain('<nav aria-label="Werkomgeving">');
    expect(account.body).toContain('<a href="/staff/queue">Wachtrij</a>');
    expect(account.body).toContain('<a href="/staff/account" aria-current="page">Account</a>');
    expect(account.body).toContain('taal@hotline.example afmelden');
    expect(account.body).toContain('Aangemeld als <strong>taal@hotline.example</strong> (analist).');
    expect(account.body).toContain('Overal afmelden');
  });

  it('slows down guessing with a per-client limit on sign-in forms', async () => {
    const limited = await openTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '2' });
    try {
      const attempt = () =>
        limited.app.inject({ method: 'POST', url: '/staff/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a%40b.example&password=x' });
      await attempt();
      await attempt();
      expect((await attempt()).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
