/**
 * Personal information in a text: Norwegian national identity numbers
 * (fødselsnummer, D- and H-numbers, validated with both mod-11 check digits by
 * @navikt/fnrvalidator), Norwegian phone numbers (found and validated by
 * libphonenumber-js) and e-mail addresses. libphonenumber's own finder scans the
 * whole text (about 30 µs per comment), so a regular expression picks out the
 * few digit groups that could be a Norwegian number and only those are parsed.
 */
import { idnr } from '@navikt/fnrvalidator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Span } from './types.js';

export interface PersonalInfoHit {
  kind: 'national_id' | 'phone' | 'email';
  detail: string;
  span: Span;
}

const ID_NUMBER = /(?<![\d])(\d{6}) ?(\d{5})(?![\d])/g;
/** Eight digits, optionally grouped by spaces, dots or dashes, optionally after +47 or 0047. */
const PHONE_CANDIDATE = /(?<![\d+])(?:(?:\+|00)47[ .-]?)?\d(?:[ .-]?\d){7}(?![\d])/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

const ID_NAMES: Record<string, string> = {
  fnr: 'Norwegian national identity number (fødselsnummer)',
  dnr: 'Norwegian D-number',
  hnr: 'Norwegian H-number',
  tnr: 'Norwegian synthetic test identity number',
  'dnr-and-hnr': 'Norwegian D-number',
  'dnr-and-tnr': 'Norwegian D-number',
};

export function findPersonalInfo(raw: string, digits: number): PersonalInfoHit[] {
  const hits: PersonalInfoHit[] = [];
  if (digits >= 8) {
    const ids: Span[] = [];
    for (const m of raw.matchAll(ID_NUMBER)) {
      const result = idnr(m[1]! + m[2]!);
      if (result.status !== 'valid') continue;
      const span = { start: m.index, end: m.index + m[0].length };
      ids.push(span);
      hits.push({
        kind: 'national_id',
        detail: `${ID_NAMES[result.type] ?? 'Norwegian identity number'}`,
        span,
      });
    }
    for (const m of raw.matchAll(PHONE_CANDIDATE)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (ids.some((id) => span.start < id.end && id.start < span.end)) continue;
      const number = parsePhoneNumberFromString(m[0], 'NO');
      if (number === undefined || number.country !== 'NO' || !number.isValid()) continue;
      hits.push({ kind: 'phone', detail: 'Norwegian phone number', span });
    }
  }
  if (raw.includes('@')) {
    for (const m of raw.matchAll(EMAIL)) {
      hits.push({
        kind: 'email',
        detail: 'E-mail address',
        span: { start: m.index, end: m.index + m[0].length },
      });
    }
  }
  return hits;
}

const LINK =
  /\b(?:https?:\/\/|www\.)[^\s<>"]+|(?<![@\p{L}\p{N}.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:no|com|net|org|io|info|biz|ru|xyz|se|dk|de|uk|eu|me|co|ly|gl|tk|app|dev|online|site|shop|top|club|live)\b(?:\/[^\s<>"]*)?/giu;

const isAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** A cheap pre-check: a dot between two letters or digits ("vg.no", "www."), else no link. */
function mayHaveLink(raw: string): boolean {
  for (let i = raw.indexOf('.'); i !== -1; i = raw.indexOf('.', i + 1)) {
    if (i > 0 && isAlnum(raw.charCodeAt(i - 1)) && isAlnum(raw.charCodeAt(i + 1))) return true;
  }
  return false;
}

/** Links: URLs with a scheme or www., and bare domains with a common top-level domain ("vg.no"). */
export function findLinks(raw: string): Span[] {
  const spans: Span[] = [];
  if (!mayHaveLink(raw)) return spans;
  for (const m of raw.matchAll(LINK)) spans.push({ start: m.index, end: m.index + m[0].length });
  return spans;
}
