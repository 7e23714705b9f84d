import type { Rule } from './rule.js';

export const vpnKeyRules: Rule[] = [
  {
    id: 'openvpn-static-key',
    type: 'private_key',
    rationale:
      "An OpenVPN static key (tls-auth, tls-crypt, secret): whoever holds it passes the server's HMAC firewall or decrypts the tunnel.",
    keywords: ['begin openvpn static key'],
    // The armoured block: BEGIN line, up to 16 lines of hex (2048 bits), END line; bounded.
    pattern:
      /-----BEGIN OpenVPN Static key V1-----(?:\r?\n[ \t]{0,4}(?:#[^\n]{0,80}|[0-9a-f]{32}))(?:\r?\n[ \t]{0,4}[0-9a-f]{32}){0,24}\r?\n[ \t]{0,4}-----END OpenVPN Static key V1-----/,
    confidence: 0.97,
    samples: {
      match: [
        {
          text: '<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\ne685bdaf659a25a200e2b9e39e51ff03\n0fc72cf1ce07232bd8b2be5e6c670143\n-----END OpenVPN Static key V1-----\n</tls-auth>',
          secret:
            '-----BEGIN OpenVPN Static key V1-----\ne685bdaf659a25a200e2b9e39e51ff03\n0fc72cf1ce07232bd8b2be5e6c670143\n-----END OpenVPN Static key V1-----',
        },
      ],
      noMatch: ['-----BEGIN OpenVPN Static key V1-----\n-----END OpenVPN Static key V1-----'],
    },
  },
];
