import { urlPasswordReal } from './connection-strings.js';
import type { Rule } from './rule.js';

export const urlCredentialRules: Rule[] = [
  {
    id: 'url-credentials',
    type: 'url_credentials',
    rationale: 'user:password@ in http(s), ftp, sftp, ssh, git, ldap, rtsp … URLs (not database URLs).',
    keywords: ['://'],
    // Scheme from a fixed list, then the userinfo "user:password" (the secret) before "@host". A
    // password may hold an unescaped "@" (people paste "admin:P@ss1@host"): the userinfo runs to
    // the last "@" before the host, within its bound.
    pattern:
      /(?<![\w+.-])(?:https?|wss?|ftps?|tftp|sftp|ssh|scp|smb|cifs|afp|nfs|git|svn|ldaps?|rtsps?|rtmps?|webdavs?|davs?|rsync|telnet|imaps?|pop3s?|smtps?|socks[45]h?|vnc|rdp|nntp|irc|sip|mqtts?):\/\/([^\s:/@?#]{1,64}:[^\s/?#]{1,128})@(?=[\w[])/i,
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
        { text: 'NAS: smb://backup:N4s@Home!7@192.168.1.20/share', secret: 'backup:N4s@Home!7' },
        { text: 'wss://bot:Xq7!socket9@push.acme.io/live', secret: 'bot:Xq7!socket9' },
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
