import { urlPasswordReal } from './connection-strings.js';
import type { Rule } from './rule.js';

export const urlCredentialRules: Rule[] = [
  {
    id: 'url-credentials',
    type: 'url_credentials',
    rationale: 'user:password@ in http(s), ftp, sftp, ssh, git, ldap, rtsp … URLs (not database URLs).',
    keywords: ['://'],
    // Scheme from a fixed list, then the userinfo "user:password" (the secret) before "@host".
    pattern:
      /(?<![\w+.-])(?:https?|ftps?|sftp|ssh|scp|smb|cifs|git|svn|ldaps?|rtsps?|rtmps?|webdavs?|davs?|rsync|telnet|imaps?|pop3s?|smtps?|socks[45]h?|vnc|nntp|mqtts?):\/\/([^\s:/@?#]{1,64}:[^\s/@?#]{1,128})@(?=[\w[])/i,
    group: 1,
    validate: (v, ctx) => {
      if (!urlPasswordReal(`x://${v}@`)) return false;
      // user:pass@example.com style documentation.
      return (
        !/^(?:user(?:name)?|login|foo):(?:pass(?:word)?|secret|bar)$/i.test(v) &&
        !ctx.text.startsWith('example.com', ctx.end + 1)
      );
    },
    confidence: 0.85,
    samples: {
      match: [
        {
          text: 'clone https://jsmith:Gh!tPass2024@git.acme-corp.com/platform/api.git',
          secret: 'jsmith:Gh!tPass2024',
        },
        {
          text: 'files on ftp://upload:Upl0ad!2024@ftp.printshop.co.uk/incoming/',
          secret: 'upload:Upl0ad!2024',
        },
        { text: 'rtsp://admin:Cam3ra!2024@192.0.2.10:554/stream1', secret: 'admin:Cam3ra!2024' },
      ],
      noMatch: [
        'mailto:john.smith@example.com?subject=Hello',
        'ssh deploy@203.0.113.7 and https://git.acme.io/x.git',
        'Example: https://user:pass@example.com is not a good idea.',
        'Visit https://www.example.com:8443/path?x=1 now',
        'postgres://app:Vx82!kLmq@db/orders',
      ],
    },
  },
];
