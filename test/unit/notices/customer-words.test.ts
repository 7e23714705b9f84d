import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customerWords,
  MAX_BODY_CHARS,
  MAX_SAMPLE_CHARS,
  ownLines,
} from '../../../src/stages/notice/customer-words.js';
import { quote } from './language-mails.js';

const OURS = 'Hello,\nthank you for your message. Could you tell us which browser you use?\nExample Support';

describe("the customer's own words of a body", () => {
  it('leaves out lines quoted with > (nested, indented) and keeps answers written between them', () => {
    const body = `Meine Antwort oben.\n\n${quote(OURS)}\n  > > older quote\nUnd noch eine Antwort dazwischen.\n${quote('more of ours')}\n`;
    expect(customerWords(body)).toBe('Meine Antwort oben Und noch eine Antwort dazwischen');
  });

  it('stops at the signature separator, with or without its blank', () => {
    expect(customerWords('Bonjour à tous\n-- \nJean Dupont\nDirecteur')).toBe('Bonjour à tous');
    expect(customerWords('Bonjour à tous\n--\nJean Dupont')).toBe('Bonjour à tous');
    // A dash line that is not a separator (a list, a rule of three dashes) is text.
    expect(customerWords('Erstens\n--- \nZweitens')).toBe('Erstens Zweitens');
  });

  for (const separator of [
    '-----Original Message-----',
    '-----Ursprüngliche Nachricht-----',
    "-----Message d'origine-----",
    '-------- Message original --------',
    '-----Mensaje original-----',
    '-----Messaggio originale-----',
    '-----Oorspronkelijk bericht-----',
    '-----Mensagem original-----',
    '-----Oryginalna wiadomość-----',
    '---------- Forwarded message ---------',
    '________________ Weitergeleitete Nachricht ________________',
  ])
    it(`stops at "${separator}": the original below is not theirs`, () => {
      expect(customerWords(`Moje słowa\n\n${separator}\n${OURS}`)).toBe('Moje słowa');
    });

  for (const fields of [
    ['From: Example Support <support@example.com>', 'Sent: Tuesday, March 4, 2025 10:02 AM'],
    ['Von: Example Support <support@example.com>', 'Gesendet: Dienstag, 4. März 2025 10:02'],
    ['De : Example Support <support@example.com>', 'Envoyé : mardi 4 mars 2025 10:02'],
    ['De: Example Support', 'Enviado el: martes, 4 de marzo de 2025 10:02'],
    ['Da: Example Support', 'Inviato: martedì 4 marzo 2025 10:02'],
    ['Van: Example Support', 'Verzonden: dinsdag 4 maart 2025 10:02'],
    ['De: Example Support', 'Enviada em: terça-feira, 4 de março de 2025 10:02'],
    ['Od: Example Support', 'Wysłano: wtorek, 4 marca 2025 10:02'],
    ['*From:* Example Support', '*Date:* Mon, 3 Mar 2025', '*Subject:* x'],
  ])
    it(`stops at an Outlook-style header block starting "${fields[0]}"`, () => {
      expect(customerWords(`Minhas palavras\n\n${fields.join('\n')}\n\n${OURS}`)).toBe('Minhas palavras');
    });

  it('keeps a sentence that only starts like a header field', () => {
    expect(customerWords('Von: meinem Kollegen habe ich gehört, dass es geht.\nDanke')).toBe(
      'Von meinem Kollegen habe ich gehört dass es geht Danke',
    );
  });

  for (const attribution of [
    'On Tue, 4 Mar 2025 at 10:02, Example Support <support@example.com> wrote:',
    'Am Di., 4. März 2025 um 10:02 Uhr schrieb Example Support <support@example.com>:',
    'Am 04.03.25 um 10:02 schrieb Example Support:',
    'Le mar. 4 mars 2025 à 10:02, Example Support <support@example.com> a écrit :',
    'El mar, 4 mar 2025 a las 10:02, Example Support (<support@example.com>) escribió:',
    'Il giorno mar 4 mar 2025 alle ore 10:02 Example Support <support@example.com> ha scritto:',
    'Op di 4 mrt 2025 om 10:02 schreef Example Support <support@example.com>:',
    'Em ter., 4 de mar. de 2025 às 10:02, Example Support <support@example.com> escreveu:',
    'wt., 4 mar 2025 o 10:02 Example Support <support@example.com> napisał(a):',
    'W dniu 04.03.2025 o 10:02, Example Support pisze:',
  ])
    it(`leaves out the attribution "${attribution.slice(0, 24)}…" and what it quotes`, () => {
      expect(customerWords(`Ihre Worte\n\n${attribution}\n${quote(OURS)}\n`)).toBe('Ihre Worte');
      // Followed by an original without `>` marks, nothing after it is theirs either.
      expect(customerWords(`Ihre Worte\n\n${attribution}\n\n${OURS}\n`)).toBe('Ihre Worte');
    });

  it('leaves out an attribution the client wrapped over two lines', () => {
    const body = `Thanks, that worked.\n\nOn Tue, Mar 4, 2025 at 10:02 AM Example Support <\nsupport@example.com> wrote:\n${quote(OURS)}`;
    expect(customerWords(body)).toBe('Thanks that worked');
  });

  it('keeps a sentence of theirs that ends with "wrote:" but has no date, time or address', () => {
    const body = 'Mein Kollege schrieb:\nEs geht nicht.\nBitte helfen Sie uns.';
    expect(customerWords(body)).toBe('Mein Kollege schrieb Es geht nicht Bitte helfen Sie uns');
  });

  it('leaves out addresses, numbers, keys, codes, our markers and notes, keeps words with apostrophes and hyphens', () => {
    const body = [
      "Voici l'accès: https://portal.example.com/login?u=1 et www.example.org/x, écrivez à ops@example.fr.",
      'Mot de passe : [REDACTED:password] ou Sommer2024! ou hunter_2 ou wJalrXUtnFEMI/K7MDENG ou aZkdjeKdjr.',
      'Numéro +33 1 23 45 67 89, IBAN FR76 3000 6000 0112 3456 7890 189, version 2.4.1, 10.0.0.12:5432.',
      'Deskguard removed attachment 2 (application/zip) from this message: it held a secret.',
      'Ask the sender to share it through the secure channel instead.',
      '[Deskguard: the rest of this text was too long to check and was removed]',
      `Un e-mail, aujourd'hui, c'est-à-dire ${'x'.repeat(31)} Kundenkontoverwaltungssystem.`,
    ].join('\n');
    expect(customerWords(body)).toBe(
      "Voici l'accès et écrivez à Mot de passe ou ou ou ou Numéro IBAN version Un e-mail aujourd'hui c'est-à-dire Kundenkontoverwaltungssystem",
    );
  });

  it('skips a token too long to be a word with punctuation around it, before any pattern runs on it', () => {
    expect(customerWords(`${'«'.repeat(100)}Wort${'»'.repeat(100)} Hallo`)).toBe('Hallo');
    expect(customerWords(`»Wort«, (Satz)! ${'!'.repeat(16_000)}a`)).toBe('Wort Satz');
  });

  it('reads only the first MAX_BODY_CHARS of a body and returns at most MAX_SAMPLE_CHARS', () => {
    const words = 'ein Wort '.repeat(MAX_BODY_CHARS);
    const out = customerWords(words);
    expect(out.length).toBeLessThanOrEqual(MAX_SAMPLE_CHARS);
    expect(out.startsWith('ein Wort ein Wort')).toBe(true);
    // Words placed after the first MAX_BODY_CHARS are never read, whatever comes before them.
    const late = `${'1 '.repeat(MAX_BODY_CHARS / 2)}\nspäte Worte`;
    expect(customerWords(late)).toBe('');
    expect(ownLines(`${'\n'.repeat(MAX_BODY_CHARS)}Worte`).join('')).toBe('');
  });

  it('never throws, returns words of the input only, within the bound, on any text', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom(
        '-- ',
        '> quoted',
        '-----Original Message-----',
        'Von: x',
        'Gesendet: y',
        'On 1 wrote:',
      ),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), (lines) => {
        const body = lines.join('\n');
        const out = customerWords(body);
        expect(out.length).toBeLessThanOrEqual(MAX_SAMPLE_CHARS);
        for (const w of out.split(' ').filter(Boolean)) expect(body).toContain(w);
      }),
      { numRuns: 300 },
    );
  });
});
