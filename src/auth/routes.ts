import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { audit } from '../audit/log.js';
import { afterForm, formSubmission, shownOutcome } from '../forms/once.js';
import { submitOnce } from '../forms/submissions.js';
import type { Cipher } from '../privacy/cipher.js';
import { rateLimitPerMinute } from '../intake/rate-limit.js';
import type { ShownError } from '../web/forms.js';
import { sendPage } from '../web/i18n-plugin.js';
import { startPageOf } from '../web/staff-layout.js';
import { SESSION_COOKIE, identify, staffCsrf, type GuardOptions } from './guard.js';
import { LOCKOUT_MINUTES, checkPassword, checkSecondFactor, confirmEnrolment, enrolmentOf, recordFailure } from './login.js';
import { enrolmentPage, loginPage, recoveryCodesPage, secondFactorPage } from './pages.js';
import { createSession, endAllSessions, endSession, upgradeSession } from './sessions.js';
import { staffContext } from './staff-context.js';

export interface AuthRoutesOptions extends GuardOptions {
  cipher: Cipher;
  secureCookies: boolean;
  loginAttemptsPerMinute: number;
}

type Form = Record<string, string | undefined>;
const ENROLMENT_FORM = 'enrolment';

class InvalidFirstCode extends Error {}

export { staffContext } from './staff-context.js';

/** Only a path inside the workbench: a login link must not send anyone elsewhere. */
function safeNext(next: string | undefined): string {
  return next && /^\/staff(\/[\w\-/?=&%.]*)?$/.test(next) ? next : '/staff';
}

/** Sign-in with password and TOTP, enrolment of the second factor, sign-out. */
export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const { db, cipher } = options;
  const publicForm = { access: 'public' as const };
  // Per client and minute on every sign-in form: guessing is slow even before an account locks.
  const limited = { ...publicForm, ...rateLimitPerMinute(options.loginAttemptsPerMinute) };
  const sessionCookie = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: options.secureCookies,
    signed: true,
    maxAge: options.sessions.absoluteHours * 3600,
  };
  const sessionToken = (request: FastifyRequest) => {
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    return unsigned?.valid ? (unsigned.value ?? undefined) : undefined;
  };

  // Each role starts on a page it may open.
  app.get('/staff', { config: { access: 'account.self' }, schema: { hide: true } }, async (request, reply) => reply.redirect(startPageOf(request.staff!.user.role), 303));

  const lockedOut = (request: FastifyRequest): ShownError => ({ message: request.t('staff.login.locked', { minutes: LOCKOUT_MINUTES }) });

  app.get<{ Querystring: { next?: string; locked?: string } }>('/staff/login', { config: publicForm, schema: { hide: true } }, async (request, reply) => {
    const session = await identify(request, options);
    if (session?.stage === 'password') return reply.redirect(session.user.totpEnabled ? '/staff/login/code' : '/staff/enrol', 303);
    if (session?.stage === 'full') return reply.redirect(safeNext(request.query.next), 303);
    const errors = request.query.locked === undefined ? [] : [lockedOut(request)];
    return sendPage(reply, loginPage(staffContext(request, reply), { email: '', next: safeNext(request.query.next), errors }));
  });

  app.post('/staff/login', { config: limited, preHandler: app.csrfProtection, schema: { hide: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const email = (form.email ?? '').trim();
    const next = safeNext(form.next);
    const result = await checkPassword(db, email, form.password ?? '');
    if (!result.ok) {
      await audit(db, { actor: email.toLowerCase() || 'anonymous', action: 'login_failed', objectType: 'user', detail: { reason: result.reason } });
      const error = result.reason === 'locked' ? lockedOut(request) : { fieldId: 'email', message: request.t('staff.login.invalid') };
      return sendPage(reply, loginPage(staffContext(request, reply), { email, next, errors: [error] }), 401);
    }
    const token = await createSession(db, result.user.id, 'password');
    reply.setCookie(SESSION_COOKIE, token, sessionCookie);
    return reply.redirect(result.user.totpEnabled ? `/staff/login/code?next=${encodeURIComponent(next)}` : '/staff/enrol', 303);
  });

  const passwordStage = async (request: FastifyRequest, reply: FastifyReply) => {
    const session = await identify(request, options);
    if (!session || session.stage !== 'password') {
      await reply.redirect('/staff/login', 303);
      return undefined;
    }
    return session;
  };

  app.get<{ Querystring: { next?: string } }>('/staff/login/code', { config: publicForm, schema: { hide: true } }, async (request, reply) => {
    if (!(await passwordStage(request, reply))) return reply;
    return sendPage(reply, secondFactorPage(staffContext(request, reply), { next: safeNext(request.query.next), errors: [] }));
  });

  app.post('/staff/login/code', { config: limited, preHandler: app.csrfProtection, schema: { hide: true } }, async (request, reply) => {
    const session = await passwordStage(request, reply);
    if (!session) return reply;
    const form = (request.body ?? {}) as Form;
    if (!(await checkSecondFactor(db, cipher, session.user.id, form.code ?? ''))) {
      const locked = await recordFailure(db, session.user.id);
      await audit(db, { actor: session.user.email, action: 'login_failed', objectType: 'user', objectId: session.user.id, detail: { reason: 'second_factor' } });
      if (locked) {
        await endAllSessions(db, session.user.id);
        return reply.redirect('/staff/login?locked', 303);
      }
      return sendPage(reply, secondFactorPage(staffContext(request, reply), { next: safeNext(form.next), errors: [{ fieldId: 'code', message: request.t('staff.code.invalid') }] }), 401);
    }
    const token = await upgradeSession(db, sessionToken(request)!, session.user.id);
    reply.setCookie(SESSION_COOKIE, token, sessionCookie);
    await audit(db, { actor: session.user.email, action: 'login', objectType: 'user', objectId: session.user.id });
    return reply.redirect(safeNext(form.next), 303);
  });

  app.get('/staff/enrol', { config: publicForm, schema: { hide: true } }, async (request, reply) => {
    const session = await passwordStage(request, reply);
    if (!session) return reply;
    if (session.user.totpEnabled) return reply.redirect('/staff/login/code', 303);
    return sendPage(reply, await enrolmentView(request, reply, []));
  });

  const enrolmentView = async (request: FastifyRequest, reply: FastifyReply, errors: { fieldId: string; message: string }[]) => {
    const enrolment = await enrolmentOf(db, cipher, request.staff!.user);
    const qrSvg = await QRCode.toString(enrolment.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return enrolmentPage(staffContext(request, reply), { qrSvg, secret: enrolment.secret, errors });
  };

  app.post('/staff/enrol', { config: limited, preHandler: app.csrfProtection, schema: { hide: true } }, async (request, reply) => {
    const session = await passwordStage(request, reply);
    if (!session) return reply;
    if (session.user.totpEnabled) return reply.redirect('/staff/login/code', 303);
    const code = ((request.body ?? {}) as Form).code ?? '';
    let enrolled;
    try {
      enrolled = await submitOnce(db, cipher, formSubmission(request, ENROLMENT_FORM), async (trx) => {
        const codes = await confirmEnrolment(trx, cipher, session.user, code);
        if (!codes) throw new InvalidFirstCode();
        return codes;
      });
    } catch (error) {
      if (!(error instanceof InvalidFirstCode)) throw error;
      return sendPage(reply, await enrolmentView(request, reply, [{ fieldId: 'code', message: request.t('staff.enrol.invalid') }]), 400);
    }
    const token = await upgradeSession(db, sessionToken(request)!, session.user.id);
    reply.setCookie(SESSION_COOKIE, token, sessionCookie);
    if (enrolled.fresh) await audit(db, { actor: session.user.email, action: 'totp_enrolled', objectType: 'user', objectId: session.user.id });
    return reply.redirect(afterForm('/staff/enrol/codes', enrolled.ref), 303);
  });

  // The recovery codes, shown after the redirect for as long as form outcomes are kept; a reload repeats nothing.
  app.get('/staff/enrol/codes', { config: { access: 'account.self' }, schema: { hide: true } }, async (request, reply) => {
    const codes = await shownOutcome<string[]>(request, { db, cipher }, ENROLMENT_FORM);
    if (!codes) return reply.redirect('/staff', 303);
    return sendPage(reply, recoveryCodesPage(staffContext(request, reply), codes));
  });

  app.post('/staff/logout', { config: publicForm, preHandler: app.csrfProtection, schema: { hide: true } }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await endSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/staff/login', 303);
  });

  app.post('/staff/logout-everywhere', { config: { access: 'account.self' }, preHandler: staffCsrf(app), schema: { hide: true } }, async (request, reply) => {
    const user = request.staff!.user;
    await endAllSessions(db, user.id);
    await audit(db, { actor: user.email, action: 'logout_everywhere', objectType: 'user', objectId: user.id });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/staff/login', 303);
  });
}
