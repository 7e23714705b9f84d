import { unzipSync } from 'fflate';
import { type ParsedMail, type SimpleParserOptions, simpleParser } from 'mailparser';
import { extractMessage } from '../../../src/stages/detect/extract/extract-message.js';
import type { ExtractLimits } from '../../../src/stages/detect/extract/limits.js';
import { buildPlan, type UnitMatch } from '../../../src/stages/detect/redact/plan.js';
import { redactMessage } from '../../../src/stages/detect/redact/redact-message.js';
import { createFakeDetector } from '../scan/fake-detector.js';

/** mailparser as the pipeline configures it (options the bundled types do not list). */
export function parseMail(raw: Buffer): Promise<ParsedMail> {
  const options = { skipTextToHtml: true, skipTextLinks: true, maxHtmlLengthToParse: 4 * 1024 * 1024 };
  return simpleParser(raw, options as unknown as SimpleParserOptions);
}

/** Extract, detect with the fake detector, plan and redact: the scan pipeline without findings. */
export async function redactWithFake(raw: Buffer, limits?: Partial<ExtractLimits>): Promise<Buffer> {
  const detector = createFakeDetector();
  const extraction = await extractMessage(raw, limits);
  const matches: UnitMatch[] = extraction.units.flatMap((unit) =>
    detector.scan(unit.text).map((match) => ({ unit, match })),
  );
  return redactMessage(raw, buildPlan(matches, extraction.unscannable));
}

/**
 * Every text a reader of the message could get at, decoded by mailparser: subject, text, HTML,
 * attachments (zip entries unpacked, forwarded messages parsed recursively).
 */
export async function decodedTexts(raw: Buffer, depth = 0): Promise<string[]> {
  const mail = await parseMail(raw);
  const out = [mail.subject ?? '', mail.text ?? '', typeof mail.html === 'string' ? mail.html : ''];
  for (const a of mail.attachments ?? []) {
    out.push(a.content.toString('utf8'), a.content.toString('latin1'));
    if (depth < 4 && a.contentType === 'message/rfc822')
      out.push(...(await decodedTexts(a.content, depth + 1)));
    out.push(...unzipTexts(a.content, 3));
  }
  return out;
}

/** The text of every entry of a zip, nested zips included (office files are zips too). */
function unzipTexts(bytes: Uint8Array, depth: number): string[] {
  if (depth < 0 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return [];
  try {
    return Object.values(unzipSync(bytes)).flatMap((entry) => [
      Buffer.from(entry).toString('utf8'),
      ...unzipTexts(entry, depth - 1),
    ]);
  } catch {
    // not a readable zip: its raw bytes are searched anyway
    return [];
  }
}

/** The secrets from `values` still present anywhere in the raw or decoded message. */
export async function survivors(raw: Buffer, values: string[]): Promise<string[]> {
  const texts = [raw.toString('latin1'), ...(await decodedTexts(raw))];
  return values.filter((v) => texts.some((t) => t.includes(v)));
}
