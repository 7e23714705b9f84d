import { randomBytes } from 'node:crypto';

// Queue ids sort by arrival (a millisecond timestamp first) and are unique without coordination
// (48 random bits per millisecond). Upper-case base-36 keeps them safe in file names and SMTP text.
export function newQueueId(now = Date.now()): string {
  const time = now.toString(36).toUpperCase().padStart(9, '0');
  const rand = randomBytes(6).readUIntBE(0, 6).toString(36).toUpperCase().padStart(10, '0');
  return `${time}${rand}`;
}

const QUEUE_ID = /^[0-9A-Z]{19}$/;

export const isQueueId = (s: string): boolean => QUEUE_ID.test(s);
