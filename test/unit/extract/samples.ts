// Fake secrets shared by the extraction and redaction tests (formats only; none is real).
export const AWS = 'AKIAQ3EGRJ7WXMZK4P2N';
export const GHP = 'ghp_R8fK2mWq9LxT4vN7bZc1HsJ5dY3gP0aE6uQi';
export const PASSWORD = 'Tr0ub4dor&3x';
export const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAx8c3vQ1mO0Yp4mQ6y0ZcKQx8lq2n7b6j9n1m3c4d5e6f7g8h',
  'i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6A7B8C9D0E1F2G3H4I5J6K7L8M9N0',
  '-----END RSA PRIVATE KEY-----',
].join('\n');
