import { looksRandom } from '../validators.js';
import type { MatchContext, Rule } from './rule.js';

/**
 * Azure keys that carry no prefix of their own: Cognitive Services / Azure OpenAI keys (32 hex),
 * storage and Cosmos DB account keys (64 random bytes in base64), DevOps personal access tokens
 * (52 base32 characters, or 84 with the "AZDO" signature) and Functions keys. Their shape alone
 * is shared with hashes and other ids, so each needs its evidence: a key label on its line, the
 * Azure service named near it (an endpoint host, the product's name), or its own signature.
 */

// Words that name Azure or one of its keyed services, as they stand near a pasted key: the
// product names and the endpoint hosts (`*.openai.azure.com`, `*.cognitiveservices.azure.com`,
// `*.blob.core.windows.net`, `*.documents.azure.com`, `dev.azure.com`).
const AZURE_CONTEXT = [
  'azure',
  'cognitiveservices',
  'ocp-apim-subscription-key',
  'windows.net',
  'visualstudio.com',
  'cosmos',
  'accountkey',
  // API Management: its gateway host and product name, under which subscription keys are pasted.
  'azure-api.net',
  'api management',
  'apim',
];
// "Storage account" in the desk languages, as the portal's translated "Access keys" blade names it
// (accents folded as the keyword pass folds them: `úložiště` is found as `uloziste`).
const STORAGE_WORDS = [
  'speicherkonto',
  'compte de stockage',
  'cuenta de almacenamiento',
  'account di archiviazione',
  'opslagaccount',
  'conta de armazenamento',
  'konto magazynu',
  'konta magazynu',
  'lagringskonto',
  'lagerkonto',
  'uloziste',
  'úložiště',
  'depolama hesab',
];
// What stands near a storage account key: Azure itself, storage and blob words, the CLI's flag.
const STORAGE_CONTEXT = [
  ...AZURE_CONTEXT,
  'storage',
  'blob',
  '--account-key',
  'account_key',
  ...STORAGE_WORDS,
];
const CONTEXT_BEFORE = 800;
const CONTEXT_AFTER = 300;

function azureNear(ctx: MatchContext, words: readonly string[] = AZURE_CONTEXT): boolean {
  const around = ctx.text
    .slice(Math.max(0, ctx.start - CONTEXT_BEFORE), ctx.end + CONTEXT_AFTER)
    .toLowerCase();
  return words.some((w) => around.includes(w));
}

// "key" in the desk languages, as a label ends before its value on the same line: "Key 1:",
// "api-key:", "Clave (KEY 1):", "AZURE_OPENAI_KEY=", "\"apiKey\": \"", "Schlüssel\t".
// The key word may be followed by up to four words naming the service ("Clé Azure Cognitive
// Services :", "Key for Translator:") — none about the key (its id, hash, name, URL) — and the
// separator may be a copula ("Speicherkontoschlüssel (key1) ist …"); the subscription-key header
// is followed by its value after a blank when pasted from a tool's header list.
const KEY_LABEL =
  /(?:(?:key|clave|chave|cl[ée]|schl[üu]ssel|klucz|n[øo]gle|nyckel|kl[íi][čc]|anahtar[ıi]?|chiave|sleutel|token)(?:[ \t](?!(?:id|ids|hash|name|url|vault|version|fingerprint)\b)[^\s:=]{1,24}){0,4}?[ \t_-]{0,2}[12]?\)?["']?(?:[ \t]{0,3}(?::|=>|=|：)[ \t]{0,3}["']?|\t{1,4}|[ \t]+(?:is|ist|lautet|est|es|è|é|är|er|je|jest|to|şudur)[ \t]+)|ocp-apim-subscription-key[ \t]+)$/i;

/** The text before the value on its own line (at most 80 characters). */
function lineBefore(ctx: MatchContext): string {
  const from = Math.max(0, ctx.start - 80, ctx.text.lastIndexOf('\n', ctx.start - 1) + 1);
  return ctx.text.slice(from, ctx.start);
}

// The portal's "Keys and Endpoint" blade copied as text: "KEY 1" / "Nyckel 1" / "Clé 2" on its own
// line, the key alone on the next (a blank line between when HTML became text), or the key word
// and the value one blank apart ("klucz 7c2e…").
const KEY_WORD =
  'key|clave|chave|cl[ée]|schl[üu]ssel|klucz|n[øo]gle|nyckel|kl[íi][čc]|anahtar[ıi]?|chiave|sleutel';
// The same words as the keyword pass sees them (lower case, accents folded as it folds them).
const KEY_WORDS = [
  'key',
  'clave',
  'chave',
  'clé',
  'cle',
  'schlüssel',
  'schlussel',
  'klucz',
  'nøgle',
  'nyckel',
  'klíč',
  'klic',
  'anahtar',
  'chiave',
  'sleutel',
];
// The blade's "Primary key" / "Primärschlüssel" / "Clé primaire" / "Klucz podstawowy" lines too.
const PRIMARY =
  'primary|secondary|prim[äa]r|sekund[äa]r|primær|sekundær|primární|sekundární|birincil|ikincil|primaire|secondaire|primari[ao]|secondari[ao]|secundari[ao]|primária|secundária|podstawowy|pomocniczy|dodatkowy|główny|primaire';
const LABEL_LINE = new RegExp(
  `^[ \\t]*(?:(?:${PRIMARY})[ \\t-]?)?(?:${KEY_WORD})(?:[ \\t_-]{0,2}(?:[12]|${PRIMARY}))?[ \\t]*:?[ \\t]*$`,
  'iu',
);
const WORD_THEN_VALUE = new RegExp(`(?:^|[^\\p{L}])(?:${KEY_WORD})[ \\t]+$`, 'iu');

const labelled = (ctx: MatchContext): boolean => {
  const before = lineBefore(ctx);
  if (KEY_LABEL.test(before) || WORD_THEN_VALUE.test(before)) return true;
  if (before.trim() !== '') return false;
  // The value alone on its line: the label on one of the two lines above.
  let end = ctx.text.lastIndexOf('\n', ctx.start - 1);
  for (let i = 0; i < 2 && end > 0; i++) {
    const start = ctx.text.lastIndexOf('\n', end - 1) + 1;
    const line = ctx.text.slice(start, end).replace(/\r$/, '');
    if (line.trim() !== '') return LABEL_LINE.test(line);
    end = start - 1;
  }
  return false;
};

// The services whose shared access keys (32 bytes in base64) are pasted from the portal's
// "Shared access policies" blade, as their names and hosts stand near the key.
const SAS_SERVICES = [
  'service bus',
  'servicebus',
  'event hub',
  'eventhub',
  'signalr',
  'web pubsub',
  'webpubsub',
  'iot hub',
  'iothub',
  'azure relay',
  'sharedaccess',
  'shared access',
];

// Azure Functions named near a key in the desk languages: the product, its hosts, the portal's
// "Function Keys" / "App keys" blades ("Funktionsschlüssel", "clé de fonction", "chave de função").
const FUNCTION_WORDS = [
  'function key',
  'function app',
  'functions key',
  'host key',
  'azurewebsites',
  'funktionsschlüssel',
  'funktions-app',
  'clé de fonction',
  'clave de función',
  'chiave di funzione',
  'chiave della funzione',
  'functiesleutel',
  'chave de função',
  'chave da função',
  'klucz funkcji',
  'funktionsnyckel',
  'funktionsnøgle',
  'klíč funkce',
  'işlev anahtar',
];

// DevOps: the hosts and names that put a 52-character base32 string in an Azure DevOps context.
const DEVOPS_CONTEXT = [
  'dev.azure.com',
  'visualstudio.com',
  'azure devops',
  'azure_devops',
  'azure-devops',
  'azdo',
];

export const azureKeyRules: Rule[] = [
  {
    id: 'azure-cognitive-key',
    type: 'azure_key',
    rationale:
      'Azure AI services / Azure OpenAI keys (32 hex) under a key label, with Azure named near (endpoint, product).',
    keywords: [
      'azure',
      'cognitiveservices',
      'ocp-apim-subscription-key',
      'azure-api.net',
      'api management',
      'apim',
    ],
    // 32 hex characters of one case, not inside a longer token; the label and the context decide.
    pattern: /(?<![A-Za-z0-9_-])(?:[0-9a-f]{32}|[0-9A-F]{32})(?![A-Za-z0-9_-])/,
    validate: (v, ctx) => /\d/.test(v) && /[a-f]/i.test(v) && labelled(ctx) && azureNear(ctx),
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'Azure OpenAI resource.\nEndpoint: https://acme-weu.openai.azure.com/\nKey 1: 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36\n',
          secret: '7c2e9a41f03b4d6e8a5f1c7b9d2e0a36',
        },
        {
          text: 'AZURE_OPENAI_ENDPOINT=https://x.openai.azure.com/\nAZURE_OPENAI_KEY=5b8d1f3a7c9e2b4d6f0a8c1e3b5d7f9a\n',
          secret: '5b8d1f3a7c9e2b4d6f0a8c1e3b5d7f9a',
        },
        {
          text: 'curl -H "Ocp-Apim-Subscription-Key: 0e4c8a2f6b1d9e3a5c7f0b2d4e6a8c1f" https://api.cognitive.microsofttranslator.com/translate',
          secret: '0e4c8a2f6b1d9e3a5c7f0b2d4e6a8c1f',
        },
        {
          text: 'Recurso de Azure OpenAI:\nClave (KEY 1): c41e81e9df8bdc61f96f256251313fc9\n',
          secret: 'c41e81e9df8bdc61f96f256251313fc9',
        },
        {
          text: 'Azure-resurs (Translator)\nNyckel 1\n\n5b8d1f3a7c9e2b4d6f0a8c1e3b5d7f9a\n',
          secret: '5b8d1f3a7c9e2b4d6f0a8c1e3b5d7f9a',
        },
        {
          text: 'Azure OpenAI: klucz 5b8d1f3a7c9e2b4d6f0a8c1e3b5d7f9a (region swedencentral)',
          secret: '5b8d1f3a7c9e2b4d6f0a8c1e3b5d7f9a',
        },
        {
          text: 'Clé Azure Cognitive Services : 5b8d1f3a7c9e2b4d6f0a8c1e3b5d7f9a',
          secret: '5b8d1f3a7c9e2b4d6f0a8c1e3b5d7f9a',
        },
      ],
      noMatch: [
        'Azure deployment failed.\nCorrelation id: 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36\n',
        'Key 1: 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36 (our own license server)',
        'Azure Key Vault\nkey id: 7c2e9a41f03b4d6e8a5f1c7b9d2e0a36\n',
        'Azure pipeline\nMonkey\n7c2e9a41f03b4d6e8a5f1c7b9d2e0a36\n',
        'Azure build: commit 3f786850e387550fdab836ed7e6dc881de23001b, key: none',
      ],
    },
  },
  {
    id: 'azure-storage-key-context',
    type: 'azure_key',
    rationale:
      'Azure storage / Cosmos DB account keys (86 base64 characters and "==") under a key label or near an Azure name.',
    keywords: [
      'azure',
      'windows.net',
      'storage',
      'cosmos',
      'account-key',
      'account_key',
      'accountkey',
      'blob',
      ...STORAGE_WORDS,
      // A key label alone ("Schlüssel" above the key, "Klucz …:") with no Azure word in the text:
      // 86 base64 characters and "==" under a key label are an account key all the same.
      ...KEY_WORDS,
    ],
    // 64 random bytes in base64: exactly 86 characters and "==", not inside a longer run.
    pattern: /(?<![A-Za-z0-9+/-])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/,
    validate: (v, ctx) =>
      looksRandom(v, 40) &&
      // An SRI hash (`sha512-…==`) is 64 bytes of base64 too.
      !/sha512-$/i.test(ctx.text.slice(Math.max(0, ctx.start - 7), ctx.start)) &&
      (labelled(ctx) || azureNear(ctx, STORAGE_CONTEXT)),
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'Der Speicherkontoschlüssel (key1) ist VSpSMfjOqPUi47E2kWekx2Ay6K3Z5/+CADWfc6MIsgj/CsykwpjUqL7eThdOp/0OQYzBaG1tIeoNpoXXwcNmy0==',
          secret: 'VSpSMfjOqPUi47E2kWekx2Ay6K3Z5/+CADWfc6MIsgj/CsykwpjUqL7eThdOp/0OQYzBaG1tIeoNpoXXwcNmy0==',
        },
        {
          text: 'Azure backup script:\nSTORAGE_KEY=VSpSMfjOqPUi47E2kWekx2Ay6K3Z5/+CADWfc6MIsgj/CsykwpjUqL7eThdOp/0OQYzBaG1tIeoNpoXXwcNmy0==\n',
          secret: 'VSpSMfjOqPUi47E2kWekx2Ay6K3Z5/+CADWfc6MIsgj/CsykwpjUqL7eThdOp/0OQYzBaG1tIeoNpoXXwcNmy0==',
        },
        {
          text: 'az storage blob upload --account-name acme --account-key UWHX1rfiFRnJUHFvj/+jnmwH3JSQyj/wjTO2iQ62Kyug2baPuMB7jfaOj1G7Nsv7V2jAdp0GywsgffI0P06Er1== -f a.csv',
          secret: 'UWHX1rfiFRnJUHFvj/+jnmwH3JSQyj/wjTO2iQ62Kyug2baPuMB7jfaOj1G7Nsv7V2jAdp0GywsgffI0P06Er1==',
        },
        {
          text: 'Zugriffsschlüssel\n\nkey1\nSchlüssel\nkmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3PsohPrxrYgPe4p9EVI61msTiV7vWNpzW2jU4WBn1DxMXqQQ==\n',
          secret: 'kmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3PsohPrxrYgPe4p9EVI61msTiV7vWNpzW2jU4WBn1DxMXqQQ==',
        },
        {
          text: 'Blob container key (acmebackup): kmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3PsohPrxrYgPe4p9EVI61msTiV7vWNpzW2jU4WBn1DxMXqQQ==',
          secret: 'kmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3PsohPrxrYgPe4p9EVI61msTiV7vWNpzW2jU4WBn1DxMXqQQ==',
        },
      ],
      noMatch: [
        'Azure: "integrity": "sha512-UWHX1rfiFRnJUHFvj/+jnmwH3JSQyj/wjTO2iQ62Kyug2baPuMB7jfaOj1G7Nsv7V2jAdp0GywsgffI0P06Er1=="',
        'Azure storage: Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
      ],
    },
  },
  {
    id: 'azure-devops-pat',
    type: 'azure_key',
    rationale:
      'Azure DevOps personal access tokens: 84 characters with the "AZDO" signature, or the older 52 base32 characters near a DevOps host.',
    keywords: ['azdo', 'dev.azure.com', 'visualstudio.com', 'azure devops', 'azure_devops', 'azure-devops'],
    // The new format's signature sits at a fixed offset; the old one is 52 of [a-z2-7].
    pattern: /(?<![A-Za-z0-9])(?:[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}|[a-z2-7]{52})(?![A-Za-z0-9])/,
    validate: (v, ctx) =>
      v.length === 84
        ? looksRandom(v.slice(0, 76), 40)
        : (v.match(/\d/g)?.length ?? 0) >= 4 && !/(.)\1{4}/.test(v) && azureNear(ctx, DEVOPS_CONTEXT),
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'git clone https://dev.azure.com/acme/shop/_git/web\nPAT: k3xq7vmz2pdw5rjt4nyb6hfs7gcl2awe3ouq5zti4kdm6vrb7pxn\n',
          secret: 'k3xq7vmz2pdw5rjt4nyb6hfs7gcl2awe3ouq5zti4kdm6vrb7pxn',
        },
        {
          text: 'token: Ozxe7Spz7kNlhK6IZvv1hqWzc2FMdvt82I0HgntW5g7tdvsGNHo919zIB8aeXI2aoEjU3lgYNM8XAZDOHniU\n',
          secret: 'Ozxe7Spz7kNlhK6IZvv1hqWzc2FMdvt82I0HgntW5g7tdvsGNHo919zIB8aeXI2aoEjU3lgYNM8XAZDOHniU',
        },
      ],
      noMatch: [
        'k3xq7vmz2pdw5rjt4nyb6hfs7gcl2awe3ouq5zti4kdm6vrb7pxn with no DevOps named',
        'Azure DevOps: abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
      ],
    },
  },
  {
    id: 'azure-functions-key',
    type: 'azure_key',
    rationale: 'Azure Functions keys: the x-functions-key header, or code= in an azurewebsites.net URL.',
    keywords: ['x-functions-key', 'code='],
    // The header (name, separator, optional quote) or the query parameter, then the key.
    pattern:
      /(?:x-functions-key["']?[ \t]{0,3}[:=][ \t]{0,3}["']?|[?&]code=)([A-Za-z0-9_-]{30,100}(?:==|%3D%3D|=|%3D)?)(?![A-Za-z0-9_=-])/i,
    group: 1,
    validate: (v, ctx) => {
      if (!looksRandom(v.replace(/(?:=|%3D)+$/i, ''), 30)) return false;
      const line = ctx.text.slice(Math.max(0, ctx.start - 300), ctx.start).toLowerCase();
      return line.includes('x-functions-key') || /azurewebsites\.net\/[^\s]*$/.test(line);
    },
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'POST https://acme-fn.azurewebsites.net/api/Import?code=Kx7Qm2TzR9b4Wv8Lc3Nd6Yp1Hf5Js0GaT2Mv3Lp8Zq2Rk7Wx4Nc9Bt6Hy==',
          secret: 'Kx7Qm2TzR9b4Wv8Lc3Nd6Yp1Hf5Js0GaT2Mv3Lp8Zq2Rk7Wx4Nc9Bt6Hy==',
        },
        {
          text: "headers: { 'x-functions-key': 'Mv3Lp8Zq2Rk7Wx4Nc9Bt6Hy1Jd5Fg0Sa3UeQ7rT2wX9Kb5Vn8Mc1Xz4==' }",
          secret: 'Mv3Lp8Zq2Rk7Wx4Nc9Bt6Hy1Jd5Fg0Sa3UeQ7rT2wX9Kb5Vn8Mc1Xz4==',
        },
      ],
      noMatch: [
        'https://github.com/login/oauth/authorize?code=Kx7Qm2TzR9b4Wv8Lc3Nd6Yp1Hf5Js0GaT2Mv3Lp8Zq2Rk7Wx4Nc9Bt6Hy',
      ],
    },
  },
  {
    id: 'azure-shared-access-key-labelled',
    type: 'azure_key',
    rationale:
      'Service Bus, Event Hubs, Relay, IoT Hub, SignalR and Web PubSub shared access keys (32 random bytes in base64) copied from the portal under a key label, the service named near.',
    keywords: SAS_SERVICES,
    // 32 bytes of base64: 43 characters and "=", not inside a longer run.
    pattern: /(?<![A-Za-z0-9+/-])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/,
    validate: (v, ctx) => looksRandom(v.slice(0, 43), 30) && labelled(ctx) && azureNear(ctx, SAS_SERVICES),
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'Service Bus primary key: SC8gdqgggl0vw7oGrqakmgShpM1sWPzQhAjVuLrI4Os=',
          secret: 'SC8gdqgggl0vw7oGrqakmgShpM1sWPzQhAjVuLrI4Os=',
        },
        {
          text: 'Event Hubs – RootManageSharedAccessKey\nPrimärschlüssel\nSC8gdqgggl0vw7oGrqakmgShpM1sWPzQhAjVuLrI4Os=\n',
          secret: 'SC8gdqgggl0vw7oGrqakmgShpM1sWPzQhAjVuLrI4Os=',
        },
      ],
      noMatch: [
        'Service Bus message body hash: SC8gdqgggl0vw7oGrqakmgShpM1sWPzQhAjVuLrI4Os=',
        'Primary key: SC8gdqgggl0vw7oGrqakmgShpM1sWPzQhAjVuLrI4Os= (no service named)',
      ],
    },
  },
  {
    id: 'azure-functions-key-labelled',
    type: 'azure_key',
    rationale:
      'Azure Functions function, host and master keys copied from the portal under a key label, a Functions word near.',
    keywords: FUNCTION_WORDS,
    // The portal's keys: 40-60 characters of base64url, usually ending "==".
    pattern: /(?<![A-Za-z0-9_+/-])[A-Za-z0-9_-]{40,60}(?:==|=)?(?![A-Za-z0-9_+/=-])/,
    validate: (v, ctx) =>
      looksRandom(v.replace(/=+$/, ''), 30) && labelled(ctx) && azureNear(ctx, FUNCTION_WORDS),
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'Function key (default): y1XysP9UbrtKmqEqmQs5S1AGc_gcCxWcOKo_g_XwkkIsrZBTt9IcfQ==',
          secret: 'y1XysP9UbrtKmqEqmQs5S1AGc_gcCxWcOKo_g_XwkkIsrZBTt9IcfQ==',
        },
        {
          text: 'Funktionsschlüssel der Function App: y1XysP9UbrtKmqEqmQs5S1AGc_gcCxWcOKo_g_XwkkIsrZBTt9IcfQ==',
          secret: 'y1XysP9UbrtKmqEqmQs5S1AGc_gcCxWcOKo_g_XwkkIsrZBTt9IcfQ==',
        },
      ],
      noMatch: [
        'Function key rotated; request id y1XysP9UbrtKmqEqmQs5S1AGc_gcCxWcOKo_g_XwkkIsrZBTt9IcfQ==',
        'Key: y1XysP9UbrtKmqEqmQs5S1AGc_gcCxWcOKo_g_XwkkIsrZBTt9IcfQ== (no service named)',
      ],
    },
  },
  {
    id: 'azure-storage-key-wrapped',
    type: 'azure_key',
    rationale:
      'An Azure storage / Cosmos DB account key torn across lines by a hard wrap (a PDF paste, a quoted reply): its pieces joined are 86 base64 characters and "==", under a key label or near an Azure word.',
    keywords: [
      'azure',
      'windows.net',
      'storage',
      'cosmos',
      'accountkey',
      'blob',
      ...STORAGE_WORDS,
      ...KEY_WORDS,
    ],
    // One to three line pieces (each ending at its line's end, reply quoting allowed on the next),
    // then the last piece ending in "=="; the joined length is checked in validate.
    pattern:
      /(?<![A-Za-z0-9+/-])(?:[A-Za-z0-9+/]{8,85}\r?\n[ \t>]{0,4}){1,3}[A-Za-z0-9+/]{1,85}==(?![A-Za-z0-9+/=])/,
    validate: (v, ctx) => {
      const joined = v.replace(/[\s>]+/g, '');
      if (!/^[A-Za-z0-9+/]{86}==$/.test(joined) || !looksRandom(joined, 40)) return false;
      // The tail of a longer base64 block (a PEM body, an attachment) is no key of its own.
      const lineStart = ctx.text.lastIndexOf('\n', ctx.start - 1);
      const prevStart = ctx.text.lastIndexOf('\n', lineStart - 1) + 1;
      const prev = ctx.text.slice(prevStart, Math.max(prevStart, lineStart)).replace(/^[ \t>]+|\r$/g, '');
      if (ctx.text.slice(lineStart + 1, ctx.start).trim() === '' && /^[A-Za-z0-9+/]{40,}={0,2}$/.test(prev))
        return false;
      return labelled(ctx) || azureNear(ctx, STORAGE_CONTEXT);
    },
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=kmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3P\nsohPrxrYgPe4p9EVI61msTiV7vWNpzW2jU4WBn1DxMXqQQ==',
          secret:
            'kmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3P\nsohPrxrYgPe4p9EVI61msTiV7vWNpzW2jU4WBn1DxMXqQQ==',
        },
        {
          text: '> Storage key:\n> kmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3PsohPrxrYgPe4p9EVI61msTiV7vW\n> NpzW2jU4WBn1DxMXqQQ==\n',
          secret:
            'kmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3PsohPrxrYgPe4p9EVI61msTiV7vW\n> NpzW2jU4WBn1DxMXqQQ==',
        },
      ],
      noMatch: [
        'Azure storage backup\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nkmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3PsohPrxrYgPe4p9EVI61msTiV\n7vWNpzW2jU4WBn1DxMXqQQ==\n',
        'Storage key:\nkmACVpcqn0oSS72UyclLlrb7wGRrNUQrq6OFse3P\nsohPrxrYgPe4p9EVI61msTiV7vWNpzW2jU4WBn1Dx==\n',
      ],
    },
  },
];
