import { githubChecksumValid, looksRandom } from '../validators.js';
import type { Rule } from './rule.js';

export const devTokenRules: Rule[] = [
  {
    id: 'github-token',
    type: 'github_token',
    rationale:
      'GitHub tokens ghp_/gho_/ghu_/ghs_/ghr_: 36 base62 characters ending in a CRC32 checksum. A random body whose checksum fails still counts (a token mistyped or cut and pasted wrongly is still one; gitleaks checks no checksum either); a filler body does not.',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    // Prefix plus exactly 36 base62 characters; the checksum, or a random-looking body, afterwards.
    pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
    validate: (token) => githubChecksumValid(token) || looksRandom(token.slice(4)),
    confidence: 0.99,
    samples: {
      match: [
        {
          text: 'GITHUB_TOKEN=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',
          secret: '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',
        },
        {
          text: '[09:15] Jonas: ghp_ml34Supj9ZvnyiexZJfAYSpVGyINocZWe6vQ',
          secret: 'ghp_ml34Supj9ZvnyiexZJfAYSpVGyINocZWe6vQ',
        },
      ],
      noMatch: [
        'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx is the format',
        'ghp_000000000000000000000000000000000000',
      ],
    },
  },
  {
    id: 'github-fine-grained-pat',
    type: 'github_token',
    rationale: 'GitHub fine-grained personal access tokens: github_pat_ + 22 + "_" + 59 base62 characters.',
    keywords: ['github_pat_'],
    // Literal prefix and the two fixed-length parts.
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/,
    validate: (v) => looksRandom(v.slice(11), 40),
    confidence: 0.97,
    samples: {
      match: [
        {
          text: 'token: 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',
          secret:
            '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',
        },
      ],
      noMatch: ['github_pat_ tokens are created under Settings'],
    },
  },
  {
    id: 'gitlab-token',
    type: 'gitlab_token',
    rationale: 'GitLab tokens with their documented prefixes (glpat-, gldt-, glrt-, glptt-, glcbt- …).',
    keywords: [
      'glpat-',
      'gldt-',
      'glrt-',
      'glptt-',
      'glft-',
      'glimt-',
      'glcbt-',
      'glsoat-',
      'gloas-',
      'glagent-',
    ],
    // Prefix, then 20+ token characters (newer tokens append ".01." and a routing part).
    pattern:
      /(?<![\w-])gl(?:pat|dt|rt|ptt|ft|imt|cbt|soat|oas|agent)-[A-Za-z0-9_-]{20,64}(?:\.[0-9a-z]{2}\.[A-Za-z0-9]{9,12})?(?![\w-])/,
    validate: (v) => looksRandom(v.slice(v.indexOf('-') + 1), 16),
    confidence: 0.97,
    samples: {
      match: [
        { text: 'gitlab token for CI: glpat-Xk9mQ2vR7tY4wZ1aB3cD', secret: 'glpat-Xk9mQ2vR7tY4wZ1aB3cD' },
        { text: '  gitlab_token: "glpat-meB-JBwIdqOUpFqdtbQk"', secret: 'glpat-meB-JBwIdqOUpFqdtbQk' },
      ],
      noMatch: ['gitlab token format: glpat-xxxxxxxxxxxxxxxxxxxx'],
    },
  },
  {
    id: 'npm-token',
    type: 'npm_token',
    rationale: 'npm access tokens: npm_ + 36 base62 characters with the same CRC32 checksum as GitHub.',
    keywords: ['npm_'],
    // Prefix plus exactly 36 base62 characters.
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/,
    validate: githubChecksumValid,
    confidence: 0.99,
    samples: {
      match: [
        {
          text: 'NPM_TOKEN=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',
          secret: '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',
        },
      ],
      noMatch: ['npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'NPM_CONFIG_REGISTRY_URL_FOR_THE_PRIVATE_MIRROR'],
    },
  },
  {
    id: 'slack-token',
    type: 'slack_token',
    rationale:
      'Slack bot, user, app and refresh tokens: xoxb-/xoxp-/xoxa-/xoxr-/xoxe-/xapp- with numeric ids.',
    keywords: ['xox', 'xapp-'],
    // Prefix, then a numeric id and more dash-separated parts, as one run of token characters.
    pattern:
      /(?<![\w-])(?:xox[abeoprs](?:\.xox[bp])?-[0-9]{1,16}-[A-Za-z0-9-]{10,240}|xapp-\d-[A-Z0-9]{8,14}-\d{8,16}-[a-f0-9]{32,80})(?![\w-])/,
    // The last part is random (base62 for bots, hex for user and app tokens), never a word; a
    // base62 part has no digit one time in seventy, so mixed case with entropy counts as well.
    validate: (v) => {
      const last = v.slice(v.lastIndexOf('-') + 1);
      return /^(?=[^-]*[A-Za-z])[A-Za-z0-9]{16,}$/.test(last) && (/\d/.test(last) || looksRandom(last));
    },
    confidence: 0.97,
    samples: {
      match: [
        {
          text: 'SLACK_BOT_TOKEN=xoxb-482913375210-5829103847561-Qk3mV9xR2tY7wZ1aB4cD5eF8',
          secret: 'xoxb-482913375210-5829103847561-Qk3mV9xR2tY7wZ1aB4cD5eF8',
        },
        {
          text: 'SLACK_BOT_TOKEN=xoxb-58884194461-6696310736103-wSRCSLJzsLQuOrHyFXwqGEbS',
          secret: 'xoxb-58884194461-6696310736103-wSRCSLJzsLQuOrHyFXwqGEbS',
        },
      ],
      noMatch: ['xoxb-your-bot-token goes in SLACK_BOT_TOKEN.', 'xoxb-123456-789012-PasteYourBotTokenHere'],
    },
  },
  {
    id: 'slack-webhook',
    type: 'slack_token',
    rationale: 'Slack incoming-webhook URLs: anyone holding the URL can post to the channel.',
    keywords: ['hooks.slack.com'],
    // The whole URL: workspace id T…, channel id B…, and the secret path part.
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,12}\/[A-Z0-9]{6,14}\/[A-Za-z0-9]{20,48}/,
    validate: (v) => looksRandom(v.slice(v.lastIndexOf('/') + 1), 16),
    confidence: 0.97,
    samples: {
      match: [
        {
          text: 'alerts go to https://hooks.slack.com/services/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 since',
          secret: 'https://hooks.slack.com/services/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',
        },
      ],
      noMatch: ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
    },
  },
];
