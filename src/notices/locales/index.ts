import type { NoticeLocale } from '../email.js';
import { cs } from './cs.js';
import { en, type NoticeMessageKey, type NoticeMessages } from './en.js';
import { kk } from './kk.js';
import { nl } from './nl.js';
import { ru } from './ru.js';
import { sv } from './sv.js';

export type { NoticeMessageKey, NoticeMessages };

export const NOTICE_CATALOGUES: Record<NoticeLocale, NoticeMessages> = { en, cs, nl, sv, ru, kk };
