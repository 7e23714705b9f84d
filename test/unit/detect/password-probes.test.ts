import { describe, expect, it } from 'vitest';
import { createDetector } from '../../../src/stages/detect/engine.js';

// Probe mails written from how customers write a password, in each of the twelve languages, before
// the rules were run on them: each case names the secret the whole detector must cover, and the hard
// negatives are the same words with no secret at all. Values are invented for this file.
const detector = createDetector();
const covered = (text: string, secret: string) =>
  detector
    .scan(text)
    .some((m) => m.value.includes(secret) || (secret.includes(m.value) && m.value.length >= 4));
const secretFindings = (text: string) =>
  detector.scan(text).filter((m) => m.type === 'password' || m.type === 'generic_api_key');

type Probe = readonly [text: string, secret: string];

const FOUND: Record<string, readonly Probe[]> = {
  en: [
    ['Hi, my password is Plumtree-2291 and it stopped working this morning.', 'Plumtree-2291'],
    [
      'The portal asked for a new password. I changed it to Gr4nite!Hill yesterday but still no luck.',
      'Gr4nite!Hill',
    ],
    ['Use Otterpond#58 to log in as admin.', 'Otterpond#58'],
    ['The code for the back door is 4817, the alarm code 92031.', '4817'],
    ['Username: j.baker\nPassword:\nWinterMoss77\n\nThanks', 'WinterMoss77'],
    ['Wi-Fi: OfficeNet / key: T4ble-Lamp-Cable', 'T4ble-Lamp-Cable'],
    ['pw: Bristol.1984', 'Bristol.1984'],
    ['p/w Harbour9$', 'Harbour9$'],
    ['Admin portal: jsmith / Q7!vantage22', 'Q7!vantage22'],
    ['user,password\njsmith,Kestrel2019!\n', 'Kestrel2019!'],
    ['| Host | User | Password |\n|---|---|---|\n| nas01 | admin | Fjord%Vane81 |', 'Fjord%Vane81'],
  ],
  de: [
    ['Mein Passwort ist Schnecke#2020, bitte schnell helfen.', 'Schnecke#2020'],
    ['Das Kennwort lautet Regenbogen77!', 'Regenbogen77!'],
    ['Das alte Passwort ging nicht mehr. Ich habe es auf Tannenbaum_55 geändert.', 'Tannenbaum_55'],
    ['WLAN-Schlüssel: Brezel-Senf-4421', 'Brezel-Senf-4421'],
    ['Initialpasswort: Start!Herbst24', 'Start!Herbst24'],
    ['Der Code für die Alarmanlage ist 5820.', '5820'],
    ['PW: Hamburg1899', 'Hamburg1899'],
  ],
  fr: [
    ['Mon mot de passe est Lavande!42 depuis hier.', 'Lavande!42'],
    ['mdp : Croissant_77', 'Croissant_77'],
    ['Clé Wi-Fi : Baguette-Fromage-91', 'Baguette-Fromage-91'],
    ["Le mot de passe ne marchait plus, je l'ai changé en Marseille#13 ce matin.", 'Marseille#13'],
    ['Le code de la porte est 7391.', '7391'],
  ],
  es: [
    ['Mi contraseña es Girasol_2023 y no funciona.', 'Girasol_2023'],
    ['contraseña:\nPaella!Valencia8\n\nGracias', 'Paella!Valencia8'],
    ['La clave del wifi es Tortuga-55-Mar', 'Tortuga-55-Mar'],
    ['PIN de la alarma: 6402', '6402'],
  ],
  it: [
    ['La mia password è Pomodoro#88, non entra.', 'Pomodoro#88'],
    ['Password del wifi: Gondola-Venezia-12', 'Gondola-Venezia-12'],
    ["La password non andava, l'ho cambiata in Limone!Amalfi3 ieri sera.", 'Limone!Amalfi3'],
  ],
  nl: [
    ['Mijn wachtwoord is Tulpenveld!9 sinds gisteren.', 'Tulpenveld!9'],
    ['Wachtwoord: Stroopwafel_21', 'Stroopwafel_21'],
    ['wifi-wachtwoord: Molen-Gracht-808', 'Molen-Gracht-808'],
  ],
  pt: [
    ['A minha senha é Sardinha#2022, não consigo entrar.', 'Sardinha#2022'],
    ['Senha: Saudade_Porto7', 'Saudade_Porto7'],
    ['senha do wifi: Caravela-Lisboa-44', 'Caravela-Lisboa-44'],
  ],
  pl: [
    ['Moje hasło to Pierogi!2021, proszę o pomoc.', 'Pierogi!2021'],
    ['Hasło: Wisla_Krakow88', 'Wisla_Krakow88'],
    ['hasło do wifi: Bocian-Mazury-17', 'Bocian-Mazury-17'],
  ],
  sv: [
    ['Mitt lösenord är Kanelbulle#73 sedan igår.', 'Kanelbulle#73'],
    ['Lösenord: Midsommar_2020', 'Midsommar_2020'],
  ],
  da: [
    ['Min adgangskode er Smørrebrød!5 men den virker ikke.', 'Smørrebrød!5'],
    ['Adgangskode: Hygge_Aarhus21', 'Hygge_Aarhus21'],
  ],
  cs: [
    ['Moje heslo je Knedlik!2019, nejde to.', 'Knedlik!2019'],
    ['Heslo: Vltava_Praha77', 'Vltava_Praha77'],
  ],
  tr: [
    ['Şifrem Lokum#1923, giriş yapamıyorum.', 'Lokum#1923'],
    ['Şifre: Bogaz_Istanbul34', 'Bogaz_Istanbul34'],
    ['wifi şifresi: Simit-Cay-5566', 'Simit-Cay-5566'],
  ],
};

const NOTHING: Record<string, readonly string[]> = {
  en: [
    'I forgot my password and the reset link does not arrive.',
    'The password field is empty after the update.',
    'Passwords must be at least 12 characters long and contain a digit.',
    'Please send me a password reset link.',
  ],
  de: [
    'Ich habe mein Passwort vergessen.',
    'Das Passwortfeld bleibt leer.',
    'Das Kennwort muss mindestens 10 Zeichen enthalten.',
  ],
  fr: ["J'ai oublié mon mot de passe.", 'Le champ mot de passe est vide.'],
  es: ['Olvidé mi contraseña.', 'El enlace para restablecer la contraseña no llega.'],
  it: ["Ho dimenticato la password dell'area clienti.", 'Il campo password è vuoto.'],
  nl: ['Ik ben mijn wachtwoord vergeten.', 'De link om het wachtwoord te resetten werkt niet.'],
  pt: ['Esqueci a minha senha.', 'O link de redefinição de senha expirou.'],
  pl: ['Zapomniałem hasła do konta.', 'Link do resetowania hasła nie działa.'],
  sv: ['Jag har glömt mitt lösenord.', 'Länken för att återställa lösenordet fungerar inte.'],
  da: ['Jeg har glemt min adgangskode.', 'Linket til nulstilling af adgangskoden virker ikke.'],
  cs: ['Zapomněl jsem heslo.', 'Odkaz pro obnovení hesla nefunguje.'],
  tr: ['Şifremi unuttum.', 'Şifre sıfırlama bağlantısı çalışmıyor.'],
};

describe('password probes in the twelve languages', () => {
  for (const [lang, probes] of Object.entries(FOUND))
    it(`finds the secret in each ${lang} probe`, () => {
      const missed = probes.filter(([text, secret]) => !covered(text, secret));
      expect(missed).toEqual([]);
    });

  for (const [lang, texts] of Object.entries(NOTHING))
    it(`finds nothing in the ${lang} hard negatives`, () => {
      const alarms = texts.filter((text) => secretFindings(text).length > 0);
      expect(alarms).toEqual([]);
    });
});

describe('a password inside a ;-separated connection string', () => {
  it('ends at the ";" so the connection-string finding keeps its own span', () => {
    for (const [text, secret] of [
      [
        'connectionString="Server=tcp:db.example.net,1433;Initial Catalog=Shop;User ID=shop_app;Password=Tulip9!x;MultipleActiveResultSets=False;Encrypt=True;"',
        'Tulip9!x',
      ],
      ['Driver={ODBC Driver 18};Server=sql01;UID=rep;PWD=Rp#4471;TrustServerCertificate=yes', 'Rp#4471'],
      ['Data Source=SQL7;Initial Catalog=Inv;User Id=inv;Password=Lk2$m;Pooling=true', 'Lk2$m'],
    ] as const) {
      const found = detector.scan(text);
      expect(
        found.map((m) => [m.type, m.value]),
        text,
      ).toContainEqual(['connection_string', secret]);
    }
  });

  it('keeps a ";" that is part of a value when no key follows it', () => {
    const text = 'Password: Ab;cd!2024\n';
    expect(detector.scan(text).map((m) => m.value)).toContain('Ab;cd!2024');
  });
});
