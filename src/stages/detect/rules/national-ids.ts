import { bsnValid, codiceFiscaleValid, spanishIdValid, ssnValid } from '../validators.js';
import type { Rule } from './rule.js';

export const nationalIdRules: Rule[] = [
  {
    id: 'us-ssn',
    type: 'national_id',
    rationale: 'US Social Security numbers written AAA-GG-SSSS; area, group and serial rules must hold.',
    keywords: [],
    // The dashed form only: bare nine-digit numbers are too often something else.
    pattern: /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/,
    validate: ssnValid,
    confidence: 0.85,
    samples: {
      match: [{ text: 'For the background check: SSN 536-22-8841, DOB 04/12/1986.', secret: '536-22-8841' }],
      noMatch: [
        'Social security number format is AAA-GG-SSSS, e.g. 123-45-6789.',
        'Invalid SSN 000-12-3456 was rejected, as was 666-12-3456 and 912-34-5678.',
        'Part number 812-44-0000 is out of stock.',
        'e-ticket 220-4567891234',
      ],
    },
  },
  {
    id: 'us-ssn-keyword',
    type: 'national_id',
    rationale: 'A nine-digit SSN without dashes, or with spaces, right after an SSN keyword.',
    keywords: ['ssn', 'social security'],
    // Keyword, a few non-digits (": ", " is "), then 9 digits optionally split 3-2-4 by spaces.
    pattern:
      /(?<![A-Za-z])(?:ssn|social security(?: number| no\.?)?)[^\d\n]{0,20}?(?<!\d)(\d{3} ?\d{2} ?\d{4})(?![\d-])/i,
    group: 1,
    validate: ssnValid,
    confidence: 0.85,
    samples: {
      match: [{ text: 'ssn 536228841 - please update the W-2', secret: '536228841' }],
      noMatch: ['SSN: XXX-XX-1234 (masked)', 'ssn field has 9 digits, order 536228841000'],
    },
  },
  {
    id: 'es-dni-nie',
    type: 'national_id',
    rationale: 'Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter) with the mod-23 letter.',
    keywords: [],
    // The whole identifier with an optional dash or space before the control letter.
    pattern: /(?<![\w-])(?:\d{8}|[XYZxyz][- ]?\d{7})[- ]?[A-Za-z](?![\w-])/,
    validate: spanishIdValid,
    confidence: 0.85,
    samples: {
      match: [
        { text: 'Mi DNI es 12345678Z, para la factura.', secret: '12345678Z' },
        { text: 'NIE: X1234567L\nNombre: Piotr', secret: 'X1234567L' },
      ],
      noMatch: ['Mi DNI es 12345678A (mal)', 'order 20240311A shipped'],
    },
  },
  {
    id: 'it-codice-fiscale',
    type: 'national_id',
    rationale: 'Italian codice fiscale: 16 characters in a fixed letter/digit layout with a check letter.',
    keywords: [],
    // The fixed layout (omocodia letters allowed in digit positions).
    pattern:
      /(?<![A-Za-z0-9])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Za-z0-9])/,
    validate: codiceFiscaleValid,
    confidence: 0.9,
    samples: {
      match: [{ text: 'Codice fiscale: RSSMRA85T10A562S', secret: 'RSSMRA85T10A562S' }],
      noMatch: ['Codice fiscale: RSSMRA85T10A562X', 'ABCDEF12G34H567I'],
    },
  },
  {
    id: 'nl-bsn',
    type: 'national_id',
    rationale: 'Dutch BSN after a BSN keyword: nine digits passing the eleven-test.',
    keywords: ['bsn', 'burgerservicenummer', 'sofinummer'],
    // Keyword, a few non-digits, then 9 digits (optionally dotted 4.2.3).
    pattern:
      /(?<![A-Za-z])(?:bsn|burgerservicenummer|sofinummer)[^\d\n]{0,20}?(?<!\d)(\d{9}|\d{4}\.\d{2}\.\d{3})(?![\d.])/i,
    group: 1,
    validate: bsnValid,
    confidence: 0.85,
    samples: {
      match: [{ text: 'Dutch BSN: 111222333', secret: '111222333' }],
      noMatch: ['BSN: 123456789', 'order 111222333 (no keyword here)'],
    },
  },
];
