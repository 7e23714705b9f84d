import { describe, expect, it } from 'vitest';
import { isRoleAddress, type NoticeInput, shouldNotify } from '../../../src/domain/notice-policy.js';

const HOUR = 3_600_000;

const input = (over: Partial<NoticeInput> = {}): NoticeInput => ({
  envelopeSender: 'alice@customer.example',
  headers: { from: ['alice@customer.example'] },
  findingCount: 2,
  verdict: 'customer',
  ownAddresses: ['support@deskguard.example'],
  lastNoticeAt: undefined,
  now: 10 * HOUR,
  windowMs: HOUR,
  ...over,
});

const reason = (over: Partial<NoticeInput>) => {
  const d = shouldNotify(input(over));
  return d.send ? 'send' : d.reason;
};

describe('shouldNotify', () => {
  it('sends to an ordinary customer who sent findings', () => {
    expect(shouldNotify(input())).toEqual({ send: true });
  });

  it('only notifies about findings', () => {
    expect(reason({ findingCount: 0 })).toBe('no_findings');
  });

  it('never notifies a forged (staff_spoof) sender', () => {
    expect(reason({ verdict: 'staff_spoof' })).toBe('staff_spoof');
  });

  it('never sends backscatter to a sender authentication showed to be forged', () => {
    expect(reason({ senderVerified: false })).toBe('unverified_sender');
    expect(reason({ senderVerified: true })).toBe('send');
  });

  it('never answers the null sender', () => {
    expect(reason({ envelopeSender: '' })).toBe('null_sender');
    expect(reason({ envelopeSender: '<>' })).toBe('null_sender');
  });

  it('refuses a sender that is not one plain address', () => {
    expect(reason({ envelopeSender: 'alice' })).toBe('invalid_sender');
    // judged as written, since the notice is addressed to exactly that string
    expect(reason({ envelopeSender: ' alice@customer.example' })).toBe('invalid_sender');
    expect(reason({ envelopeSender: '<alice@customer.example>' })).toBe('invalid_sender');
    expect(reason({ envelopeSender: 'a@b\r\nBcc: x@y' })).toBe('invalid_sender');
  });

  it.each([
    'ali\u202Ece@customer.example', // right-to-left override
    'alice\u200B@customer.example', // zero-width space
    'alice@customer\u2066.example', // bidi isolate
    'alice\u00AD@customer.example', // soft hyphen
    '"alice smith"@customer.example',
    'alice%elsewhere.example@customer.example',
    'alice@[192.0.2.1]',
  ])('never writes to a sender with hidden characters or routing: %j', (envelopeSender) => {
    expect(reason({ envelopeSender })).toBe('invalid_sender');
  });

  it('never writes to a sender whose domain DNS showed takes no mail', () => {
    expect(reason({ senderReachable: false })).toBe('unreachable_sender');
    expect(reason({ senderReachable: true })).toBe('send');
    // DNS that did not answer is our problem, not a reason to leave the customer uninformed
    expect(reason({ senderReachable: undefined })).toBe('send');
  });

  it.each([
    ['auto-generated', 'auto_submitted'],
    ['auto-replied', 'auto_submitted'],
    ['auto-notified; owner-email="x@y"', 'auto_submitted'],
    ['no', 'send'],
    [' No ', 'send'],
    ['no; comment', 'send'],
  ])('Auto-Submitted: %s → %s', (value, expected) => {
    expect(reason({ headers: { autoSubmitted: value } })).toBe(expected);
  });

  it.each([
    ['bulk', 'precedence'],
    ['List', 'precedence'],
    ['junk', 'precedence'],
    ['first-class', 'send'],
  ])('Precedence: %s → %s', (value, expected) => {
    expect(reason({ headers: { precedence: value } })).toBe(expected);
  });

  it('never answers mailing lists (List-Id or List-Unsubscribe)', () => {
    expect(reason({ headers: { listId: '<support.lists.example>' } })).toBe('mailing_list');
    expect(reason({ headers: { listUnsubscribe: '<mailto:leave@lists.example>' } })).toBe('mailing_list');
  });

  it('honours X-Auto-Response-Suppress values that cover auto-replies', () => {
    expect(reason({ headers: { autoResponseSuppress: 'All' } })).toBe('auto_response_suppressed');
    expect(reason({ headers: { autoResponseSuppress: 'DR, AutoReply' } })).toBe('auto_response_suppressed');
    expect(reason({ headers: { autoResponseSuppress: 'OOF' } })).toBe('send');
  });

  it('recognises our own notices by header and by our own From address', () => {
    expect(reason({ headers: { deskguardNotice: '1' } })).toBe('own_notice');
    expect(reason({ envelopeSender: 'Support@Deskguard.example' })).toBe('own_address');
    expect(reason({ headers: { from: ['<support@deskguard.example>'] } })).toBe('own_address');
    const configured = { ownAddresses: ['Support Team <Support@Deskguard.example>'] };
    expect(reason({ ...configured, envelopeSender: 'support@deskguard.example' })).toBe('own_address');
  });

  it.each([
    'MAILER-DAEMON@mx.example',
    'mailer_daemon@mx.example',
    'postmaster@example.com',
    'noreply@service.example',
    'No-Reply@service.example',
    'no_reply+123@service.example',
    'github-noreply@service.example',
    'do-not-reply@shop.example',
    'DoNotReply@shop.example',
    'do.not.reply@shop.example',
    'bounce@lists.example',
    'bounces+alice=customer.example@lists.example',
  ])('never answers the robot address %s', (address) => {
    expect(isRoleAddress(address)).toBe(true);
    expect(reason({ envelopeSender: address })).toBe('role_address');
  });

  it.each(['alice@example.com', 'post@example.com', 'norbert@example.com', 'replyguy@example.com'])(
    'answers the person %s',
    (address) => {
      expect(isRoleAddress(address)).toBe(false);
    },
  );

  it('sends at most one notice per sender per window', () => {
    expect(reason({ lastNoticeAt: 10 * HOUR - 1 })).toBe('rate_limited');
    expect(reason({ lastNoticeAt: 9 * HOUR + 1 })).toBe('rate_limited');
    expect(reason({ lastNoticeAt: 9 * HOUR })).toBe('send');
    expect(reason({ lastNoticeAt: HOUR })).toBe('send');
  });

  it('names the loop-safety reason, not the rate limit, when both apply', () => {
    expect(reason({ lastNoticeAt: 10 * HOUR, headers: { autoSubmitted: 'auto-replied' } })).toBe(
      'auto_submitted',
    );
  });
});
