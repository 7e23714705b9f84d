import type { Config } from '../config.js';
import type { Mailer } from '../ports.js';
import { MaildirMailer } from './maildir.js';
import { SmtpMailer } from './smtp-mailer.js';

/**
 * The transport of mail Deskguard writes itself (notices to senders, alerts to reviewers):
 * `notify.mode`, into `maildir` or by `notify.smtp`, never authenticated (a relay that accepts our
 * own host), TLS when offered.
 */
export function noticeMailer(config: Config, maildir: string, name: string): Mailer {
  return config.notify.mode === 'maildir'
    ? new MaildirMailer(maildir, config.spool.fsync)
    : new SmtpMailer({
        ...config.notify.smtp,
        secure: false,
        requireTls: false,
        rejectUnauthorized: true,
        user: '',
        pass: '',
        maxConnections: 2,
        timeoutSeconds: config.delivery.smtp.timeoutSeconds,
        name,
      });
}
