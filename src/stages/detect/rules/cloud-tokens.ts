import { looksRandom } from '../validators.js';
import { nearBefore, type Rule } from './rule.js';

const AWS_CONTEXT = [
  'aws',
  'secret_access_key',
  'secret access key',
  'secretaccesskey',
  'secret key',
  'akia',
  'asia',
];

export const cloudTokenRules: Rule[] = [
  {
    id: 'aws-access-key-id',
    type: 'aws_access_key',
    rationale: 'AWS access key ids: AKIA/ASIA/ABIA/ACCA followed by 16 base32 characters.',
    keywords: ['akia', 'asia', 'abia', 'acca'],
    // Fixed prefix plus exactly 16 of [A-Z2-7], not inside a longer token.
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/,
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'aws_access_key_id = AKIAQ3EGWNB2KZ7LPX4M\nregion = eu-west-1',
          secret: 'AKIAQ3EGWNB2KZ7LPX4M',
        },
      ],
      noMatch: [
        'Use AKIAIOSFODNN7EXAMPLE like in the AWS docs.',
        'ASIAN markets opened higher',
        'AKIA1234567890123456',
      ],
    },
  },
  {
    id: 'aws-secret-access-key',
    type: 'aws_secret_key',
    rationale: 'AWS secret keys: 40 base64 characters, only near an AWS keyword or access key id.',
    keywords: ['aws', 'secret', 'akia', 'asia'],
    // Exactly 40 characters of the base64 alphabet, delimited on both sides ("=" may precede: KEY=…).
    pattern: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/,
    validate: (v, ctx) => looksRandom(v, 40) && nearBefore(ctx.text, ctx.start, 200, AWS_CONTEXT),
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'aws_secret_access_key = Kx9mQ2vR7tY4wZ1aB3cD5eF8gH0jL6nP/qS+uVwX',
          secret: 'Kx9mQ2vR7tY4wZ1aB3cD5eF8gH0jL6nP/qS+uVwX',
        },
      ],
      noMatch: [
        'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'aws commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it',
        'Kx9mQ2vR7tY4wZ1aB3cD5eF8gH0jL6nP/qS+uVwX with no context',
      ],
    },
  },
  {
    id: 'google-api-key',
    type: 'google_api_key',
    rationale: 'Google API keys: "AIza" followed by 35 URL-safe base64 characters.',
    keywords: ['aiza'],
    // Literal prefix and the exact length Google issues.
    pattern: /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/,
    validate: (v) => looksRandom(v.slice(4), 16),
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'Key: AIzaSyB4kX9m2Qv7tR1wZ3aL5cN8eP0gJ6hU2yT',
          secret: 'AIzaSyB4kX9m2Qv7tR1wZ3aL5cN8eP0gJ6hU2yT',
        },
      ],
      noMatch: ['AIzaSyDUMMYKEYDUMMYKEYDUMMYKEYDUMMYKE is a placeholder'],
    },
  },
  {
    id: 'azure-storage-account-key',
    type: 'azure_key',
    rationale:
      'Azure connection-string keys: storage and Cosmos AccountKey (88-character base64), Service Bus / Event Hubs / IoT SharedAccessKey, SignalR, Web PubSub and Communication Services AccessKey.',
    keywords: ['accountkey', 'accesskey'],
    // The key=value pair as it appears in connection strings; the value is the secret.
    pattern:
      /(?:AccountKey|SharedAccessKey|(?<![\w-])AccessKey)[ \t]{0,2}=[ \t]{0,2}([A-Za-z0-9+/]{42,86}={0,2})(?![A-Za-z0-9+/=])/i,
    group: 1,
    validate: (v) => (v.length === 88 || v.length === 44) && looksRandom(v, 40),
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'AccountName=acme;AccountKey=q8Zr2Lk5Vb7Nc1Xm4Pw9Ts3Gy6Hd0Fa2Je5Kq8Rz1Uv4Bn7Mc0Ox3Wl6Ai9Sf2Dg5Ht8Jk1Pz4Qy7Er0Ty3Uo6==;',
          secret: 'q8Zr2Lk5Vb7Nc1Xm4Pw9Ts3Gy6Hd0Fa2Je5Kq8Rz1Uv4Bn7Mc0Ox3Wl6Ai9Sf2Dg5Ht8Jk1Pz4Qy7Er0Ty3Uo6==',
        },
        {
          text: 'Endpoint=https://acme.service.signalr.net;AccessKey=Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1Fj5Ga9We2Ty6Uo0Ix4P=;Version=1.0;',
          secret: 'Hq4Lm8Rt2Vb6Nc0Zp3Ks7Hd1Fj5Ga9We2Ty6Uo0Ix4P=',
        },
      ],
      noMatch: [
        'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
        'UseDevelopmentStorage=true',
      ],
    },
  },
  {
    id: 'azure-sas-signature',
    type: 'azure_key',
    rationale: 'Azure shared access signatures: the sig= value of a URL that also has sv= and se=/sp=.',
    keywords: ['sig='],
    // The sig parameter value (URL-encoded base64) up to the next & or delimiter.
    pattern: /[?&;]sig=([A-Za-z0-9%+/]{20,200}(?:=|%3D){0,2})/i,
    group: 1,
    validate: (_v, ctx) => {
      const before = ctx.text.slice(Math.max(0, ctx.start - 600), ctx.start);
      const after = ctx.text.slice(ctx.end, ctx.end + 300);
      // A service SAS token pasted on its own ("SAS token: sv=…&sig=…") starts a line or follows a
      // label; a Service Bus / Event Hubs token is "SharedAccessSignature sr=…&sig=…&se=…&skn=…".
      return (
        (/(?:^|[\s?&;:"'=])sv=\d{4}-/.test(before) && /[?&;]s[ep]=/.test(before + after)) ||
        (/SharedAccessSignature[ \t]+sr=[^\s]*$/i.test(before) && /[?&;]skn=/.test(before + after))
      );
    },
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'https://a.blob.core.windows.net/x/r.csv?sv=2022-11-02&sp=r&se=2024-12-31T23:59:59Z&sig=Yk3m9QvT2xR7wL1aZ5c%2BN8pE0g%3D',
          secret: 'Yk3m9QvT2xR7wL1aZ5c%2BN8pE0g%3D',
        },
        {
          text: 'SAS token: sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlac&se=2025-06-30T18:00:00Z&spr=https&sig=bxl30DmXdwhnLet9exPqEDtlDfLrtt8xigEF36DBo2o%3D',
          secret: 'bxl30DmXdwhnLet9exPqEDtlDfLrtt8xigEF36DBo2o%3D',
        },
        {
          text: 'SharedAccessSignature sr=acme.servicebus.windows.net%2forders&sig=bxl30DmXdwhnLet9exPqEDtlDfLrtt8xigEF36DBo2o%3D&se=1735689600&skn=send',
          secret: 'bxl30DmXdwhnLet9exPqEDtlDfLrtt8xigEF36DBo2o%3D',
        },
      ],
      noMatch: [
        'https://cdn.example.net/img.png?sig=Yk3m9QvT2xR7wL1aZ5cN8pE0g&w=200',
        'https://cdn.acme.net/img.png?csv=2022-11-02&sig=Yk3m9QvT2xR7wL1aZ5cN8pE0g',
      ],
    },
  },
  {
    id: 'azure-ad-client-secret',
    type: 'azure_key',
    rationale: 'Microsoft Entra (Azure AD) client secrets: three characters, a digit, "Q~", then 31-34 more.',
    keywords: ['q~'],
    // The fixed "\dQ~" marker at position 4, delimited on both sides.
    pattern: /(?<![\w~.-])[A-Za-z0-9_.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/,
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'AZURE_CLIENT_SECRET=Xk78Q~aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z',
          secret: 'Xk78Q~aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z',
        },
      ],
      noMatch: ['Q~ is just two characters'],
    },
  },
];
