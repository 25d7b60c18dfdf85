import type { Logger } from 'pino';
import { allowing, publicAddressesOnly, type AddressPolicy } from './address-policy.js';

/** The fetcher's policy as configured: public addresses only, unless FETCH_ALLOW_CIDRS (for tests) adds networks, which is said at start. */
export function fetchPolicy(allowCidrs: readonly string[], logger: Pick<Logger, 'warn'>): AddressPolicy {
  if (allowCidrs.length === 0) return publicAddressesOnly;
  logger.warn({ cidrs: allowCidrs }, 'FETCH_ALLOW_CIDRS is set: fetching may reach these networks, which is for tests only and never for a hotline at work');
  return allowing(allowCidrs);
}
