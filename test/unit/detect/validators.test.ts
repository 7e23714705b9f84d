import { describe, expect, it } from 'vitest';
import {
  base62,
  bsnValid,
  cardIssuer,
  codiceFiscaleValid,
  crc32,
  githubChecksumValid,
  ibanValid,
  isHexHash,
  isTestCard,
  isUuid,
  jwtValid,
  looksRandom,
  luhnValid,
  paymentCardValid,
  shannonEntropy,
  spanishIdValid,
  ssnValid,
} from '../../../src/stages/detect/validators.js';

describe('cards', () => {
  it('checks Luhn', () => {
    expect(luhnValid('4929187366045578')).toBe(true);
    expect(luhnValid('4929187366045571')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('49291873660455a8')).toBe(false);
  });
  it('knows issuer ranges and lengths', () => {
    expect(cardIssuer('4929187366045578')).toBe('visa');
    expect(cardIssuer('5425233430109903')).toBe('mastercard');
    expect(cardIssuer('2221000000000009')).toBe('mastercard');
    expect(cardIssuer('379123456789018')).toBe('amex');
    expect(cardIssuer('6011000000000004')).toBe('discover');
    expect(cardIssuer('36000000000008')).toBe('diners');
    expect(cardIssuer('3530000000000003')).toBe('jcb');
    expect(cardIssuer('6200000000000047')).toBe('unionpay');
    expect(cardIssuer('1234567890123452')).toBeNull();
    expect(cardIssuer('49291873660455')).toBeNull();
  });
  it('rejects published test numbers and synthetic runs', () => {
    for (const n of ['4111111111111111', '4242424242424242', '5555555555554444', '378282246310005']) {
      expect(isTestCard(n)).toBe(true);
      expect(paymentCardValid(n)).toBe(false);
    }
    expect(paymentCardValid('4929187366045578')).toBe(true);
  });
});

describe('IBAN', () => {
  it('accepts valid IBANs of several countries', () => {
    for (const iban of [
      'DE89370400440532013000',
      'GB29NWBK60161331926819',
      'FR7630006000011234567890189',
      'NL91ABNA0417164300',
      'CH9300762011623852957',
    ]) {
      expect(ibanValid(iban)).toBe(true);
    }
  });
  it('rejects a wrong check, a wrong length and unknown countries', () => {
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
    expect(ibanValid('XX89370400440532013000')).toBe(false);
  });
});

describe('national ids', () => {
  it('applies the SSN structure rules', () => {
    expect(ssnValid('536-22-8841')).toBe(true);
    for (const bad of [
      '000-22-8841',
      '666-22-8841',
      '936-22-8841',
      '536-00-8841',
      '536-22-0000',
      '078-05-1120',
      '123-45-6789',
    ]) {
      expect(ssnValid(bad)).toBe(false);
    }
  });
  it('checks Spanish DNI and NIE control letters', () => {
    expect(spanishIdValid('12345678Z')).toBe(true);
    expect(spanishIdValid('12345678A')).toBe(false);
    expect(spanishIdValid('X1234567L')).toBe(true);
    expect(spanishIdValid('Y1234567X')).toBe(true);
    expect(spanishIdValid('X1234567A')).toBe(false);
    expect(spanishIdValid('X12345678L')).toBe(false);
  });
  it('checks the codice fiscale check letter', () => {
    expect(codiceFiscaleValid('RSSMRA85T10A562S')).toBe(true);
    expect(codiceFiscaleValid('RSSMRA85T10A562T')).toBe(false);
    expect(codiceFiscaleValid('RSSMRA85T10A56')).toBe(false);
  });
  it('checks the Dutch BSN eleven-test', () => {
    expect(bsnValid('111222333')).toBe(true);
    expect(bsnValid('123456789')).toBe(false);
    expect(bsnValid('000000000')).toBe(false);
  });
});

describe('tokens', () => {
  it('computes CRC32 and base62 like GitHub does', () => {
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
    expect(base62(61, 2)).toBe('0z');
    expect(githubChecksumValid('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')).toBe(true);
    expect(githubChecksumValid('ghp_kX9mQ2vR7tY4wZ1aB3cD5eF8gH0jL63gZLjT')).toBe(false);
    expect(githubChecksumValid('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')).toBe(true);
  });
  it('requires a JWT header with alg and a JSON payload', () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    expect(jwtValid(`${part({ alg: 'HS256' })}.${part({ sub: 1 })}.sig`)).toBe(true);
    expect(jwtValid(`${part({ typ: 'JWT' })}.${part({ sub: 1 })}.sig`)).toBe(false);
    expect(jwtValid(`${part({ alg: 'HS256' })}.bm90IGpzb24.sig`)).toBe(false);
    expect(jwtValid('eyJ!!.eyJ.x')).toBe(false);
  });
});

describe('randomness heuristics', () => {
  it('measures entropy', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
  it('recognises hashes, git SHAs and UUIDs', () => {
    expect(isHexHash('5f4dcc3b5aa765d61d8327deb882cf99')).toBe(true);
    expect(isHexHash('3f786850e387550fdab836ed7e6dc881de23001b')).toBe(true);
    expect(isHexHash('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(true);
    expect(isHexHash('a1b2c3d')).toBe(true);
    expect(isUuid('123e4567-e89b-12d3-a456-426614174000')).toBe(true);
  });
  it('tells random strings from words, names and hashes', () => {
    expect(looksRandom('Zk3mV9xR2tY7wZ1aB4cD5eF8gH0jL6nP')).toBe(true);
    expect(looksRandom('q7Wx2Lm9Rt4Vb8Nc')).toBe(true);
    expect(looksRandom('getUserAccessTokenFromSession')).toBe(false);
    expect(looksRandom('my_api_key_variable_name')).toBe(false);
    expect(looksRandom('Some-Config-Value-Name')).toBe(false);
    expect(looksRandom('AWS_SECRET_ACCESS_KEY')).toBe(false);
    // Parts that do not read as words: a token that happens to have no digit.
    expect(looksRandom('meB-JBwIdqOUpFqdtbQk')).toBe(true);
    expect(looksRandom('5f4dcc3b5aa765d61d8327deb882cf99')).toBe(false);
    expect(looksRandom('aaaaaaaaaaaaaaaaaaaa1')).toBe(false);
    expect(looksRandom('short1A')).toBe(false);
  });
});
