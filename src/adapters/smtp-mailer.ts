import nodemailer from 'nodemailer';
import { DeliveryError, type Mailer, type OutboundMessage } from '../ports.js';

export interface SmtpTarget {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  rejectUnauthorized: boolean;
  user: string;
  pass: string;
  maxConnections: number;
  timeoutSeconds: number;
  /** Our name in EHLO. */
  name: string;
}

interface SmtpFailure {
  responseCode?: number;
  code?: string;
  message: string;
  response?: string;
}

/**
 * Delivery over SMTP with a pooled nodemailer transport. The message goes as the exact bytes we
 * composed (`raw`), with the envelope set explicitly: nodemailer never derives addresses from the
 * customer's headers. 5xx replies are permanent; 4xx and connection failures are retried by the outbox.
 */
export class SmtpMailer implements Mailer {
  private readonly transport;

  constructor(target: SmtpTarget) {
    this.transport = nodemailer.createTransport({
      host: target.host,
      port: target.port,
      secure: target.secure,
      requireTLS: target.requireTls,
      tls: { rejectUnauthorized: target.rejectUnauthorized },
      ...(target.user ? { auth: { user: target.user, pass: target.pass } } : {}),
      name: target.name,
      pool: true,
      maxConnections: target.maxConnections,
      connectionTimeout: target.timeoutSeconds * 1000,
      greetingTimeout: target.timeoutSeconds * 1000,
      socketTimeout: target.timeoutSeconds * 1000,
      logger: false,
      debug: false,
    });
  }

  async deliver(msg: OutboundMessage): Promise<void> {
    try {
      await this.transport.sendMail({ envelope: { from: msg.mailFrom, to: msg.rcptTo }, raw: msg.raw });
    } catch (e) {
      const err = e as SmtpFailure;
      const code = err.responseCode;
      const detail = (err.response ?? err.message).replace(/[\r\n]+/g, ' ').slice(0, 300);
      throw new DeliveryError(
        code ? `smtp ${code}: ${detail}` : `smtp ${err.code ?? 'error'}: ${detail}`,
        code !== undefined && code >= 500,
      );
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
