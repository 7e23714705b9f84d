import { francAll } from 'franc-min';
import { customerWords } from './customer-words.js';
import { functionWordShare } from './function-words.js';

/**
 * Which language the notice to a sender is written in: the one their message declares
 * (Content-Language), else the one their own words are in, else the installation's
 * `notify.language`. Pure: it reads a header value and a body text it is given, returns a language
 * tag and nothing else (no text, no score), and logs nothing.
 */

/** The languages Deskguard ships notice templates for, with their ISO 639-3 codes (franc's). */
export const NOTICE_LANGUAGES: Readonly<Record<string, string>> = {
  en: 'eng',
  de: 'deu',
  fr: 'fra',
  es: 'spa',
  it: 'ita',
  nl: 'nld',
  pt: 'por',
  pl: 'pol',
};
const SHIPPED = new Set(Object.keys(NOTICE_LANGUAGES));
const BY_ISO3 = new Map(Object.entries(NOTICE_LANGUAGES).map(([tag, iso3]) => [iso3, tag]));
/** ISO 639-2/B codes some clients write instead of the two-letter tag RFC 5646 prescribes. */
const BIBLIOGRAPHIC: Readonly<Record<string, string>> = { ger: 'de', fre: 'fr', dut: 'nl' };
const FRANC_ONLY = Object.values(NOTICE_LANGUAGES);

/** Fewer letters than this in the customer's own words: too little to judge, the fallback answers. */
export const MIN_LETTERS = 30;
/**
 * The runner-up's score (franc normalises the best to 1) must stay below 1 minus this: closer, the
 * two are a coin toss on this text. Small on purpose: a short Portuguese mail can have Spanish
 * within 0.03, and the function words are the sharper test there.
 */
const MIN_MARGIN = 0.02;
/**
 * At least this share of the words must be function words of the language chosen. Short support
 * mails in our eight languages measured 0.26 to 0.56; Swedish, Czech or Turkish text forced into
 * one of them 0.00 to 0.10.
 */
const MIN_FUNCTION_WORDS = 0.15;

// A language tag's primary subtag: two or three letters, then the end or a subtag separator
// (`-`, or `_` as some clients write it). Anchored, fixed length: linear.
const PRIMARY_SUBTAG = /^([a-z]{2,3})(?:[-_]|$)/;
// Comments in a structured header field (RFC 5322 CFWS), without nesting: `de (Deutsch)`.
const COMMENT = /\([^()]{0,200}\)/g;

/**
 * The language a Content-Language value names, when we write notices in it: the first tag, its
 * primary subtag, case-folded (`de-DE, en` → `de`). Undefined for an absent, malformed or private
 * tag, or a language without templates (`ja`).
 */
export function declaredLanguage(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const first = header.slice(0, 200).replace(COMMENT, ' ').split(',')[0]!.trim().toLowerCase();
  const primary = PRIMARY_SUBTAG.exec(first)?.[1];
  if (primary === undefined) return undefined;
  const tag = BIBLIOGRAPHIC[primary] ?? BY_ISO3.get(primary) ?? primary;
  return SHIPPED.has(tag) ? tag : undefined;
}

/**
 * The language of a text of the customer's own words, among the languages we write notices in;
 * undefined when there are too few words, or franc is unsure, or the words are not that language's.
 */
export function identifiedLanguage(words: string): string | undefined {
  let letters = 0;
  for (const c of words) if (c.toLowerCase() !== c.toUpperCase()) letters++;
  if (letters < MIN_LETTERS) return undefined;
  const ranked = francAll(words, { only: FRANC_ONLY, minLength: 1 });
  const [best, second] = ranked;
  const tag = best ? BY_ISO3.get(best[0]) : undefined;
  if (!tag) return undefined; // `und`: another script, or no letters franc reads
  if (second && second[1] > 1 - MIN_MARGIN) return undefined;
  const list = words.toLowerCase().split(' ');
  return functionWordShare(list, tag) >= MIN_FUNCTION_WORDS ? tag : undefined;
}

export interface LanguageInput {
  /** The message's Content-Language field, as received (absent: undefined). */
  contentLanguage: string | undefined;
  /** The text of the message body (the plain text, or the text of the HTML), quotes included. */
  body: string;
  /** `notify.language`: the answer when neither says which of our languages it is. */
  fallback: string;
}

/** The language the notice for this message is written in. Never throws. */
export function chooseNoticeLanguage(input: LanguageInput): string {
  try {
    return (
      declaredLanguage(input.contentLanguage) ??
      identifiedLanguage(customerWords(input.body)) ??
      input.fallback
    );
  } catch {
    // A guess is never worth a failed notice: the installation's language is always a right answer.
    return input.fallback;
  }
}
