import type { NoticeEmailInput } from './email.js';

/** The X-ARF specification version the reports follow. */
export const XARF_VERSION = '4.2.0';

/** One X-ARF v4 report (category "content") for one URL. */
export type XarfReport = Record<string, unknown> & {
  xarf_version: string;
  report_id: string;
  timestamp: string;
  reporter: { org: string; contact: string; domain: string };
  sender: { org: string; contact: string; domain: string };
  source_identifier: string;
  category: 'content';
  type: string;
  url: string;
};

/** One report per URL of the notice whose category X-ARF has a content type for. */
export function xarfReports(input: NoticeEmailInput): XarfReport[] {
  throw new Error(`xarfReports: not built yet (${input.reference})`);
}
