import { isHexHash, isUuid, looksRandom } from '../validators.js';
import type { Rule, Span } from './rule.js';
import { type TableCell, tableCells } from './tables.js';

// One token-shaped cell: the characters API keys are made of, no blanks, bounded length.
const KEY_CELL = /^[A-Za-z0-9_+/~.=-]{16,256}$/;
// Azure storage account keys are 64 random bytes in base64: 86 characters and "==".
const AZURE_STORAGE_KEY = /^[A-Za-z0-9+/]{86}==$/;
// AWS secret access keys are 30 random bytes in base64: 40 characters. Alphanumeric API keys of
// that length are common too, so only a value showing "+" or "/" is taken for an AWS secret.
const AWS_SECRET_KEY = /^(?=[A-Za-z0-9]{0,39}[+/])[A-Za-z0-9+/]{40}$/;

/** Cells under an API key / token / secret column that look like a machine-made key. */
function* keyCells(
  text: string,
  memo: Map<string, unknown>,
  accept: (value: string) => boolean,
): Generator<Span> {
  // The three key-table rules read the same columns: the table is walked once per scan.
  let cells = memo.get('key-table-cells') as TableCell[] | undefined;
  if (cells === undefined) {
    cells = [...tableCells(text, 'key')];
    memo.set('key-table-cells', cells);
  }
  for (const cell of cells)
    if (accept(cell.text)) yield { start: cell.start, end: cell.start + cell.text.length };
}

const genericKey = (v: string): boolean => KEY_CELL.test(v) && looksRandom(v) && !isHexHash(v) && !isUuid(v);
const azureStorageKey = (v: string): boolean => AZURE_STORAGE_KEY.test(v) && looksRandom(v, 40);
const awsSecretKey = (v: string): boolean => AWS_SECRET_KEY.test(v) && looksRandom(v, 40);

// Header words as the prefilter sees them (lower case); a line without one holds no key column.
const KEY_COLUMN_KEYWORDS = [
  'key',
  'token',
  'secret',
  'clé',
  'cle api',
  'jeton',
  'clave',
  'schlüssel',
  'chave',
  'chiave',
  'sleutel',
  'nyckel',
  'nøgle',
  'nøkkel',
  'klucz',
  'klíč',
  'klic',
  'anahtar',
];

const HEADER = 'System\tUsername\tPassword\tAPI key / token';

export const keyTableRules: Rule[] = [
  {
    id: 'generic-api-key-table',
    type: 'generic_api_key',
    rationale:
      'Rows under a table header with an API key, token or secret column (spreadsheets, markdown, aligned columns).',
    keywords: KEY_COLUMN_KEYWORDS,
    pattern: /token/i,
    find: (text, memo) => keyCells(text, memo, genericKey),
    confidence: 0.6,
    samples: {
      match: [
        {
          text: `${HEADER}\nprod\tadmin\t\tcEFr4LgUrUseEeXiDFJ2wdT5LjkAphbS1eoFhpyW\nstaging\tdeploy`,
          secret: 'cEFr4LgUrUseEeXiDFJ2wdT5LjkAphbS1eoFhpyW',
        },
        {
          text: '| Service | API key |\n|---|---|\n| Mailgun | key-3ax6xnjp29jd6fds4gc373sgvjxteo1q |',
          secret: 'key-3ax6xnjp29jd6fds4gc373sgvjxteo1q',
        },
        {
          text: 'Umgebung     Token\nTest         Rk8vT2mQ9xL4wZ7bN1cJ5hF3pD6s\n',
          secret: 'Rk8vT2mQ9xL4wZ7bN1cJ5hF3pD6s',
        },
        {
          text: 'Application\tClé API\tExpire le\nFacturation\tbT7xQ2mK9vR4wL8zN3cH6jF1pD5s\t31/12/2025',
          secret: 'bT7xQ2mK9vR4wL8zN3cH6jF1pD5s',
        },
        {
          // An HTML table as html-to-text renders it: tab-wrapped cells, a blank line between rows.
          text: '\tService\t\tUser\t\tAPI key\t\n\n\tBilling\t\tadmin\t\tXq8Lm3Rt7Vb2Nc6Zp0Ks4Hd9Fj1Ga5W\t\n',
          secret: 'Xq8Lm3Rt7Vb2Nc6Zp0Ks4Hd9Fj1Ga5W',
        },
      ],
      noMatch: [
        '| Key | Value |\n|---|---|\n| max_connections | 200 |\n| SessionTimeoutSeconds | 1800 |',
        '| Service | API key |\n|---|---|\n| Mailgun | stored in 1Password |',
        'Token\tCreated\n123e4567-e89b-12d3-a456-426614174000\t2024-03-01',
        '| Secret name | Rotated |\n|---|---|\n| payment-gateway-signing | 2024-05-02 |',
        `${HEADER}\nprod\tadmin\t\tYOUR_API_KEY_HERE_0123456789`,
      ],
    },
  },
  {
    id: 'azure-storage-key-table',
    type: 'azure_key',
    rationale: 'An Azure storage account key (88-character base64) in an API key / token / secret column.',
    keywords: KEY_COLUMN_KEYWORDS,
    pattern: /key/i,
    find: (text, memo) => keyCells(text, memo, azureStorageKey),
    confidence: 0.9,
    samples: {
      match: [
        {
          text: `${HEADER}\nprod\tadmin\t\tcHb9bIP/ut9tKJEDlvGOnOGKsvgM0z7W47AFb4iVKm3dGuBgYWFXVeXd//6IF+tb/l5Iys3eVqf2BUMkO/eFYv==`,
          secret: 'cHb9bIP/ut9tKJEDlvGOnOGKsvgM0z7W47AFb4iVKm3dGuBgYWFXVeXd//6IF+tb/l5Iys3eVqf2BUMkO/eFYv==',
        },
      ],
      noMatch: [
        `${HEADER}\nprod\tadmin\t\tcEFr4LgUrUseEeXiDFJ2wdT5LjkAphbS1eoFhpyW`,
        '| Storage account | Access key |\n|---|---|\n| acmeprod | see Key Vault |',
      ],
    },
  },
  {
    id: 'aws-secret-key-table',
    type: 'aws_secret_key',
    rationale:
      'An AWS secret access key (40-character base64 with "+" or "/") in an API key / token / secret column.',
    keywords: KEY_COLUMN_KEYWORDS,
    pattern: /secret/i,
    find: (text, memo) => keyCells(text, memo, awsSecretKey),
    confidence: 0.85,
    samples: {
      match: [
        {
          text: `${HEADER}\nprod\tadmin\t\teROW38+msBHHDKGN6AzKZff98QzWFEefLFzbcGqR`,
          secret: 'eROW38+msBHHDKGN6AzKZff98QzWFEefLFzbcGqR',
        },
        {
          text: '| Account | Access key ID | Secret |\n|---|---|---|\n| backup | AKIAZ3MQ7XVB2TLP4KSD | ypREeGci13Xre99X/qj7nLBRAFu+VoJiWxAlpIcz |',
          secret: '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',
        },
      ],
      noMatch: [
        `${HEADER}\nprod\tadmin\t\tcEFr4LgUrUseEeXiDFJ2wdT5LjkAphbS1eoFhpyW`,
        '| Path | Token |\n|---|---|\n| /var/lib/app/config/settings/prod/main.yml | - |',
      ],
    },
  },
];
