import type { Translate } from '../web/i18n/index.js';
import type { DisputeReason } from './tables.js';

/** Why a provider disputes a notice, in the reader's language: the reason chosen, then its own words. */
export function disputeText(t: Translate, reason: DisputeReason | null, text: string | null): string {
  return [reason ? t(`takedown.dispute.${reason}`) : '', text ?? ''].filter((part) => part !== '').join(': ');
}
