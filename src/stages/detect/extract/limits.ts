import { z } from 'zod';

/**
 * Bounds on what extraction may spend on one message. Anything past a bound becomes an
 * `unscannable` unit (and is removed on redaction) instead of a hang, an exception or an OOM.
 */
export interface ExtractLimits {
  /** Nesting of forwarded messages and archives inside each other (the message itself is depth 0). */
  maxDepth: number;
  /** Entries read from one archive or winmail.dat (directories included) before the rest is unscannable. */
  maxEntries: number;
  /** Uncompressed bytes of one archive entry, office part or winmail.dat file (decompressed RTF body too). */
  maxEntryBytes: number;
  /** Uncompressed bytes from all archives of one message together. */
  maxTotalBytes: number;
  /** Uncompressed/compressed size of an entry above `ratioFloorBytes`: a higher ratio is a bomb. */
  maxRatio: number;
  /** Entries smaller than this are exempt from the ratio check: small text compresses very well. */
  ratioFloorBytes: number;
  /** Pages of one PDF whose text is read; a longer PDF is unscannable past this page. */
  maxPdfPages: number;
  /** Size of one PDF handed to pdfjs. */
  maxPdfBytes: number;
  /** UTF-16 code units of one text unit handed to the detector. */
  maxTextBytesPerUnit: number;
  /** Wall-clock budget for extracting and scanning one message. */
  timeBudgetMs: number;
}

export const defaultExtractLimits: Readonly<ExtractLimits> = Object.freeze({
  maxDepth: 5,
  maxEntries: 1000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 100 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxPdfPages: 200,
  maxPdfBytes: 20 * 1024 * 1024,
  maxTextBytesPerUnit: 16 * 1024 * 1024,
  timeBudgetMs: 20_000,
});

const positiveInt = z.number().int().positive();

/** The config schema for `ExtractLimits`; every key is optional and falls back to the default. */
export const extractLimitsSchema = z
  .object({
    maxDepth: positiveInt.default(defaultExtractLimits.maxDepth),
    maxEntries: positiveInt.default(defaultExtractLimits.maxEntries),
    maxEntryBytes: positiveInt.default(defaultExtractLimits.maxEntryBytes),
    maxTotalBytes: positiveInt.default(defaultExtractLimits.maxTotalBytes),
    maxRatio: z.number().positive().default(defaultExtractLimits.maxRatio),
    ratioFloorBytes: z.number().int().nonnegative().default(defaultExtractLimits.ratioFloorBytes),
    maxPdfPages: positiveInt.default(defaultExtractLimits.maxPdfPages),
    maxPdfBytes: positiveInt.default(defaultExtractLimits.maxPdfBytes),
    maxTextBytesPerUnit: positiveInt.default(defaultExtractLimits.maxTextBytesPerUnit),
    timeBudgetMs: positiveInt.default(defaultExtractLimits.timeBudgetMs),
  })
  .strict();

export function resolveLimits(partial?: Partial<ExtractLimits>): ExtractLimits {
  return { ...defaultExtractLimits, ...partial };
}
