import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { appendAudit, audit } from '../audit/log.js';
import { afterForm, formSubmission } from '../forms/once.js';
import { submitOnce } from '../forms/submissions.js';
import { staffCsrf } from '../auth/guard.js';
import { staffContext } from '../auth/routes.js';
import type { Database } from '../db/schema.js';
import type { Category } from '../domain/categories.js';
import { roleHas } from '../domain/permissions.js';
import type { Cipher } from '../privacy/cipher.js';
import { UuidParam } from '../server/id-params.js';
import { openCapturedMedia, triageFindings, type CapturedMedia } from '../triage/findings.js';
import { html } from '../web/html.js';
import { sendPage } from '../web/i18n-plugin.js';
import { staffLayout } from '../web/staff-layout.js';
import { recordExposure, wellbeingOf } from '../wellbeing/exposure.js';
import { confirmationFor, confirmCapturedMedia, NotConfirmable } from './confirm-media.js';
import { loadItem } from './item-view.js';
import { renderPreview, renderRevealed } from './media-rendering.js';
import { viewerPage } from './media-pages.js';
import { HASH_LIST_FORM } from './routes.js';

const MediaIds = Type.Object({ id: UuidParam, mediaId: UuidParam });
type MediaParams = { Params: Static<typeof MediaIds> };
const schema = { hide: true, params: MediaIds };
const access = { access: 'media.view' } as const;

/**
 * The media viewer: a preview drawn on the server the way the analyst chose,
 * and one file at a time revealed on a deliberate click, audited and counted.
 */
export async function mediaRoutes(app: FastifyInstance, options: { db: Kysely<Database>; cipher: Cipher; categories: readonly Category[] }): Promise<void> {
  const { db, cipher } = options;
  const open = (request: FastifyRequest<MediaParams>) => openCapturedMedia(db, cipher, request.params.id, request.params.mediaId);

  /** The viewer for one file; a reveal (not a refused confirmation's answer) is audited and counted. */
  const showViewer = async (request: FastifyRequest<MediaParams>, reply: FastifyReply, action: { reveal: true } | { problem: string }) => {
    const item = await loadItem(db, request.params.id);
    const all = item ? (await triageFindings(db, item.id)).media : [];
    const position = all.findIndex((media) => media.id === request.params.mediaId);
    if (!item || position < 0) return notFound(request, reply);
    const user = request.staff!.user;
    const media = all[position]!;
    if ('reveal' in action && !media.erasedAt) {
      await audit(db, { actor: user.email, action: 'media_revealed', objectType: 'item', objectId: item.id, detail: { media: media.id } });
      await recordExposure(db, user.id, 'reveal');
    }
    const context = staffContext(request, reply);
    const outcome = 'problem' in action ? { problem: action.problem } : {};
    const view = {
      item,
      media,
      position: position + 1,
      count: all.length,
      previous: all[position - 1],
      next: all[position + 1],
      categories: options.categories,
      confirmation: roleHas(user.role, 'item.assess') ? confirmationFor(item, media) : undefined,
      ...outcome,
    };
    return sendPage(reply, viewerPage(context, view), 'problem' in action ? 409 : 200);
  };

  app.get<MediaParams>('/staff/items/:id/media/:mediaId', { config: access, schema }, (request, reply) => showViewer(request, reply, { reveal: true }));

  app.post<MediaParams>('/staff/items/:id/media/:mediaId/confirm', { config: { access: 'item.assess' }, preHandler: staffCsrf(app), schema }, async (request, reply) => {
    const item = await loadItem(db, request.params.id);
    const media = item ? (await triageFindings(db, item.id)).media.find((entry) => entry.id === request.params.mediaId) : undefined;
    if (!item || !media) return notFound(request, reply);
    try {
      // Back to the item, not the viewer: reloading the answer must neither add the file again nor count a reveal.
      const { ref } = await submitOnce(db, cipher, formSubmission(request, HASH_LIST_FORM), async (trx) => {
        const list = await confirmCapturedMedia(trx, item, media);
        await appendAudit(trx, { actor: request.staff!.user.email, action: 'media_confirmed', objectType: 'item', objectId: item.id, detail: { media: media.id, list } });
        return { itemId: item.id, list };
      });
      return reply.redirect(afterForm(`/staff/items/${item.id}#media-${media.id}`, ref), 303);
    } catch (error) {
      if (!(error instanceof NotConfirmable)) throw error;
      return showViewer(request, reply, { problem: request.t('staff.viewer.notConfirmable') });
    }
  });

  app.get<MediaParams>('/staff/items/:id/media/:mediaId/preview', { config: access, schema }, async (request, reply) => {
    const found = await open(request);
    if (!found || !isPreviewable(found.media)) return reply.code(404).type('text/plain').send('No preview: no such image, or it is known material or a video.');
    const settings = await wellbeingOf(db, request.staff!.user.id);
    return sendMedia(reply, 'image/webp', await drawn(() => renderPreview(found.bytes, settings)));
  });

  app.get<MediaParams>('/staff/items/:id/media/:mediaId/content', { config: access, schema }, async (request, reply) => {
    const found = await open(request);
    if (!found) return reply.code(404).type('text/plain').send('No such captured file.');
    if (found.media.kind === 'video') return sendMedia(reply, found.media.mediaType, found.bytes);
    return sendMedia(reply, 'image/webp', await drawn(() => renderRevealed(found.bytes)));
  });
}

/** Known material is not previewed at all, and a video has no still to preview. */
function isPreviewable(media: CapturedMedia): boolean {
  return media.kind === 'image' && media.known === null;
}

/** A captured file the decoder cannot draw is answered as such (422), not as a server error. */
async function drawn(render: () => Promise<Buffer>): Promise<Buffer | undefined> {
  try {
    return await render();
  } catch {
    return undefined;
  }
}

function sendMedia(reply: FastifyReply, type: string, bytes: Buffer | undefined): FastifyReply {
  if (!bytes) return reply.code(422).type('text/plain').send('This file could not be drawn.');
  return reply.header('cache-control', 'no-store').header('content-disposition', 'inline').type(type).send(bytes);
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { t } = request;
  return sendPage(reply, staffLayout(staffContext(request, reply), t('staff.notFound'), html`<h1>${t('staff.viewer.missing')}</h1><p><a href="/staff/queue">${t('staff.queue.back')}</a></p>`), 404);
}
