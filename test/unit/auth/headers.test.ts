import { describe, expect, it } from 'vitest';
import { headerFields, withoutHeaders } from '../../../src/domain/headers.js';

const raw = Buffer.from(
  'Received: from a\r\n\tby b\r\nAuthentication-Results: gw.example.com;\r\n dkim=pass header.d=example.com\r\n' +
    'Authentication-Results: mx.other.net; spf=pass\r\nSubject: hi\r\n\r\nbody\r\nAuthentication-Results: gw.example.com\r\n',
);

describe('header surgery', () => {
  it('splits fields with their folded lines', () => {
    expect(headerFields(raw).map((f) => f.name)).toEqual([
      'Received',
      'Authentication-Results',
      'Authentication-Results',
      'Subject',
    ]);
  });

  it('removes only the selected fields and never touches the body', () => {
    const out = withoutHeaders(raw, (f) => f.value.trim().startsWith('gw.example.com')).toString();
    expect(out).toBe(
      'Received: from a\r\n\tby b\r\nAuthentication-Results: mx.other.net; spf=pass\r\nSubject: hi\r\n\r\nbody\r\nAuthentication-Results: gw.example.com\r\n',
    );
  });
});
