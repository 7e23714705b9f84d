import { looksRandom } from '../validators.js';
import { nearBefore, type Rule } from './rule.js';

// A Twilio Account SID: "AC" and 32 lower-case hex characters (an identifier, not a secret itself).
const ACCOUNT_SID = /(?<![A-Za-z0-9])AC[0-9a-f]{32}(?![A-Za-z0-9])/;

/** Whether an Account SID stands within a few lines of the value (pasted as a pair). */
function besideAccountSid(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 160), start);
  const after = text.slice(end, end + 160);
  return ACCOUNT_SID.test(before) || ACCOUNT_SID.test(after);
}

export const serviceTokenRules: Rule[] = [
  {
    id: 'stripe-secret-key',
    type: 'stripe_key',
    rationale:
      'Stripe secret and restricted keys (live and test) and webhook signing secrets; pk_ keys are public.',
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'],
    // Prefix plus the random part; test keys too: they read the account's test data.
    pattern:
      /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9+/=]{32,88})(?![A-Za-z0-9_])/,
    validate: (v) => looksRandom(v.slice(v.lastIndexOf('_') + 1), 16),
    confidence: 0.97,
    samples: {
      match: [
        {
          text: 'Our live key is sk_live_51Hx9mQ2vR7tY4wZ1aB3cD5eF, can you check?',
          secret: 'sk_live_51Hx9mQ2vR7tY4wZ1aB3cD5eF',
        },
        {
          text: 'test key sk_test_4kX9mQ2vR7tY4wZ1aB3cD5eF8 (test mode)',
          secret: 'sk_test_4kX9mQ2vR7tY4wZ1aB3cD5eF8',
        },
      ],
      noMatch: [
        'Use the publishable key pk_live_51Hx9mQ2vR7tY4wZ1aB3cD5eF in the frontend.',
        'Docs say to use sk_test_4eC39HqLyjWDarjtT1zdp7dc for the examples.',
        'Invalid API key provided: sk_test_****************************abcd',
      ],
    },
  },
  {
    id: 'sendgrid-api-key',
    type: 'sendgrid_key',
    rationale: 'SendGrid API keys: "SG." + 22 + "." + 43 URL-safe base64 characters.',
    keywords: ['sg.'],
    // Literal prefix and the two fixed-length parts.
    pattern: /(?<![\w.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![\w-])/,
    validate: (v) => looksRandom(v.slice(26), 16),
    confidence: 0.98,
    samples: {
      match: [
        {
          text: 'SENDGRID_API_KEY=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',
          secret: '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',
        },
      ],
      noMatch: ['SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'twilio-api-key',
    type: 'twilio_key',
    rationale: 'Twilio API key SIDs: "SK" + 32 lower-case hex characters.',
    keywords: ['sk'],
    // Literal prefix and exactly 32 hex characters.
    pattern: /(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])/,
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'API key SID SK2b6f9c1e8a4d7b3f0e5c9a1d6b8f2e4c',
          secret: 'SK2b6f9c1e8a4d7b3f0e5c9a1d6b8f2e4c',
        },
      ],
      noMatch: ['Our Twilio account SID is AC2b6f9c1e8a4d7b3f0e5c9a1d6b8f2e4c if that helps.'],
    },
  },
  {
    id: 'twilio-auth-token',
    type: 'twilio_key',
    rationale:
      'Twilio auth tokens: 32 hex characters after "twilio" or "auth token", or beside an Account SID (AC + 32 hex).',
    keywords: ['twilio', 'auth token', 'auth_token', 'authtoken', 'sid', 'account', 'curl'],
    // Exactly 32 hex characters, delimited; the context check does the real work.
    pattern: /(?<![A-Za-z0-9])[0-9a-f]{32}(?![A-Za-z0-9])/,
    validate: (v, ctx) =>
      /[a-f]/.test(v) &&
      /\d/.test(v) &&
      (nearBefore(ctx.text, ctx.start, 60, ['auth token', 'auth_token', 'authtoken', 'twilio']) ||
        besideAccountSid(ctx.text, ctx.start, ctx.end)),
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'Account SID AC11, auth token 9f3b2c7d1e8a4f6b0c5d9e2a7f1b3c8d.',
          secret: '9f3b2c7d1e8a4f6b0c5d9e2a7f1b3c8d',
        },
        {
          text: 'SID: AC5e8f1a2b3c4d5e6f7a8b9c0d1e2f3a4b\nToken: 7c2e9a4f1b8d3e6a0c5f2b9d4e7a1c3f',
          secret: '7c2e9a4f1b8d3e6a0c5f2b9d4e7a1c3f',
        },
        {
          text: 'curl -u AC5e8f1a2b3c4d5e6f7a8b9c0d1e2f3a4b:7c2e9a4f1b8d3e6a0c5f2b9d4e7a1c3f https://api.twilio.com',
          secret: '7c2e9a4f1b8d3e6a0c5f2b9d4e7a1c3f',
        },
      ],
      noMatch: [
        'Twilio was mentioned at the very start of this long message, and much later the checksum 9f3b2c7d1e8a4f6b0c5d9e2a7f1b3c8d',
        'Account SID AC5e8f1a2b3c4d5e6f7a8b9c0d1e2f3a4b is all I have.',
      ],
    },
  },
  {
    id: 'openai-api-key',
    type: 'openai_key',
    rationale:
      'OpenAI keys: sk-, sk-proj-, sk-svcacct-, sk-admin- with the "T3BlbkFJ" (base64 "OpenAI") marker.',
    keywords: ['sk-'],
    // Prefix, then URL-safe base64 around the marker; bounded on both sides.
    pattern:
      /(?<![\w-])sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,160}T3BlbkFJ[A-Za-z0-9_-]{16,160}(?![\w-])/,
    validate: (v) => looksRandom(v.replace(/^sk-(?:proj-|svcacct-|admin-|None-)?/, ''), 32),
    confidence: 0.98,
    samples: {
      match: [
        {
          text: 'OPENAI_API_KEY=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',
          secret: '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',
        },
      ],
      noMatch: ['Set OPENAI_API_KEY=sk-... in your environment.'],
    },
  },
];
