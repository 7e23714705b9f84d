/**
 * The multilingual password dictionary, as data: the words customers use for a password, a PIN, a
 * Wi-Fi key, a login and a user name, in the twelve languages we are written to in (EN DE FR ES IT
 * NL PT PL SV DA CS TR). Rules read it through `password-context.ts`; nothing here is a pattern.
 *
 * Each entry is a lower-case form. `inflects` lets up to five letters follow (Polish "hasłem",
 * Turkish "şifremi", Swedish "lösenordet", Danish "koden"); `compounds` lets it end a longer word
 * (German "Initialpasswort", Dutch "beheerderswachtwoord", Danish "netværksnøgle"). Short or
 * ambiguous words do neither: "pass" inflected would be "passion", "pin" compounded "spin".
 */

/** What a keyword names, which decides the values it accepts. */
export type KeywordKind =
  /** A password: any plausible value after ":"; a password-shaped one in running text. */
  | 'password'
  /** A PIN or PUK: digits, also after a few words ("PIN til serverskabet 6902"). */
  | 'pin'
  /** "key", "Schlüssel", "klucz": a password only next to a Wi-Fi word ("WiFi key", "klucz WPA2"). */
  | 'key'
  /** A Wi-Fi or network word: makes a nearby `key` word a password label. */
  | 'wifi'
  /** A login verb or noun: "user / secret" after it is a credential pair. */
  | 'login'
  /** A user-name label: its value is not the password ("u/n: admin", "Benutzer: jdoe"). */
  | 'user'
  /** A built-in administrator account: "root / X" is a credential pair without a login word. */
  | 'admin';

export interface Keyword {
  word: string;
  kind: KeywordKind;
  inflects?: boolean;
  compounds?: boolean;
}

const entries = (kind: KeywordKind, words: string, extra: Omit<Keyword, 'word' | 'kind'> = {}): Keyword[] =>
  words
    .trim()
    .split(/\s*,\s*/)
    .map((word) => ({ word, kind, ...extra }));

export const PASSWORD_DICTIONARY: readonly Keyword[] = [
  // Full words that also end compounds and take endings: Passwort(s), lösenord(et), hasł(o|a|em),
  // adgangskode(n), wachtwoord(en), kodeord(et), heslo/hesla, şifre(m|si|mi), parola(m|sı).
  ...entries(
    'password',
    'password, passwort, kennwort, wachtwoord, lösenord, losenord, adgangskode, kodeord, passord, ' +
      'heslo, hesla, heslem, hesle, hasło, haslo, hasła, hasla, hasłem, haslem, haseł, hasełko, ' +
      'şifre, sifre, parola, contraseña, contrasena, senha, passwd, passphrase, passcode, ' +
      'mot de passe, mots de passe, palavra-passe, palavra passe, parola d’ordine, ' +
      "parola d'ordine, wifi-code, zugangscode, toegangscode, přístupové heslo, palavra-chave, " +
      // Access codes: what opens an account or a device, in the twelve languages.
      "access code, code d'accès, code d’accès, código de acceso, código de acesso, codice di accesso, " +
      'kod dostępu, åtkomstkod, adgangskode, přístupový kód, erişim kodu',
    { inflects: true, compounds: true },
  ),
  // Short words, typos and abbreviations: whole words only (a hyphen compound is allowed).
  ...entries(
    'password',
    'pw, pwd, p/w, psw, pass, mdp, clave, kode, koden, lösen, lössen, pasword, paswort, paswoord, passwrd, ' +
      // Abbreviations: Dutch "ww"/"wachtw", German "kennw", "passw", "pswd".
      'ww, wachtw, kennw, passw, pswd, pword, ' +
      // Swedish colloquial "lösen" (short for lösenord) closing a compound that names the account:
      // "adminlösen", "routerlösen". Not "lösen" as any compound end: German "einlösen", "auslösen".
      'adminlösen, admin-lösen, administratörslösen, rootlösen, routerlösen, wifilösen, wifi-lösen, ' +
      'bioslösen, nätverkslösen, datorlösen, mejllösen, e-postlösen',
  ),
  // Spanish "la contra" (short for contraseña) with its article: "contra" alone is "against".
  ...entries('password', 'la contra, mi contra, tu contra, su contra'),
  // Configuration words of servers customers paste (redis.conf, "redis-server --requirepass X").
  ...entries('password', 'requirepass, masterauth'),
  // A Wi-Fi network's pre-shared key (wpa_supplicant's psk="…", a router's "PSK:") is its password.
  ...entries('password', 'psk'),
  ...entries('pin', 'pin, puk, pin-kod, pin-kode, pin-code, pinkode, pinkod, pincode, pin-u, pinu', {}),
  // Door, gate and alarm codes open a building as a PIN opens a phone: digits after them.
  ...entries(
    'pin',
    'türcode, tür-code, torcode, alarmcode, alarm-code, door code, gate code, alarm code, digicode, ' +
      'code porte, code portail, code alarme, código del portal, código de la puerta, código da porta, ' +
      'código do portão, código do alarme, codice del cancello, codice porta, codice allarme, deurcode, ' +
      'poortcode, kod do drzwi, kod do bramy, kod domofonu, portkod, dørkode, portkode, alarmkode, ' +
      'kód od dveří, kód alarmu, kapı kodu, alarm kodu',
  ),
  // Words for "key": a password only beside a Wi-Fi word.
  ...entries(
    'key',
    'key, schlüssel, schluessel, clé, cle, chiave, sleutel, chave, klucz, nyckel, nøgle, noegle, klíč, ' +
      'klic, anahtar, anahtarı, code, kod, kód, código, codigo, codice, sicherheitsschlüssel',
    { compounds: true, inflects: true },
  ),
  ...entries(
    'wifi',
    'wifi, wi-fi, wlan, wpa, wpa2, wpa3, wep, ssid, network, netzwerk, netwerk, réseau, reseau, red, ' +
      'rete, rede, sieci, sieć, nätverk, natverk, netværk, netvaerk, sítě, síť, ag, ağ, kablosuz, ' +
      // The device whose key it is: "code de la box", "Router-Schlüssel", "chave do roteador".
      'router, routeur, roteador, modem, box, livebox, freebox, fritzbox',
  ),
  // A login phrase: verbs and nouns after which "user / secret" is a credential pair.
  ...entries(
    'login',
    'login, log in, log on, logon, sign in, signin, credentials, creds, account, ' +
      'anmelden, anmeldung, einloggen, zugangsdaten, zugang, konto, ' +
      'connecter, connexion, identifiants, compte, accès, ' +
      'acceder, acceso, credenciales, cuenta, entrar, ' +
      'accedere, accesso, credenziali, ' +
      'inloggen, inlog, aanmelden, inloggegevens, ' +
      'acessar, acesso, credenciais, conta, ' +
      'zalogować, zaloguj, logowa, loguj, dane logowania, dostęp, ' +
      'logga in, inloggning, konto, ' +
      'logge ind, log ind, adgang, ' +
      'přihlásit, přihlášení, prihlasit, přístup, účet, přihlašovací, prihlasovaci, přístupové údaje, ' +
      // "Login details" as one word or two: Swedish, Danish, German, Turkish.
      'inloggningsuppgifter, loginoplysninger, login-oplysninger, logindaten, anmeldedaten, giriş bilgileri, ' +
      'giris bilgileri, login details, access details, ' +
      'giriş, giris, giriyor, oturum, hesap, ' +
      'webmail, portal, panel, session, sitzung, sesión, sessão, sessione, sessie, sesja, relace, oturum açma, cpanel, plesk, backend, ftp, sftp, ssh, vpn, rdp',
    { inflects: true },
  ),
  ...entries(
    'user',
    'user, username, user name, u/n, login name, benutzer, benutzername, nutzer, utilisateur, usr, uname, gebr, ' +
      "nom d'utilisateur, nom d’utilisateur, identifiant, usuario, usuário, utilizador, utente, nome utente, " +
      'gebruiker, gebruikersnaam, användare, användarnamn, anv, bruger, brugernavn, ' +
      'uživatel, uzivatel, přihlašovací jméno, jméno, użytkownik, uzytkownik, nazwa użytkownika, ' +
      'kullanıcı, kullanici, kullanıcı adı, e-mail, email, id',
    { inflects: true },
  ),
  ...entries('admin', 'root, admin, administrator, sa, postgres, ubnt'),
];

/**
 * Words that say something about a password where its value would stand ("Contraseña: olvidada",
 * "Mot de passe : oublié", "Passwort: leer", "Şifre: unuttum"): forgotten, empty, unknown, the same,
 * lost, changed, in the twelve languages. Never a value.
 */
export const PASSWORD_STATE_WORDS: readonly string[] = (
  'forgotten forgot lost unknown empty same old new missing ' +
  'vergessen verloren unbekannt leer gleich alt neu fehlt ' +
  'oublié oubliée oublie perdu perdue inconnu vide pareil même ancien nouveau ' +
  'olvidada olvidado olvidé perdida perdido desconocida vacía vacia vacío igual antigua nueva ' +
  'dimenticata dimenticato persa perso sconosciuta vuota vuoto uguale stessa vecchia nuova ' +
  'vergeten kwijt onbekend leeg zelfde oud nieuw ' +
  'esquecida esquecido esqueci perdida desconhecida vazia vazio mesma antiga nova ' +
  'zapomniane zapomniałem zapomniałam zapomniany nieznane puste takie samo stare nowe ' +
  'glömt glömd borttappat okänt tomt samma gammalt nytt ' +
  'glemt glemte ukendt tom tomt samme gammel ny ' +
  'zapomenuté zapomenuto zapomněl zapomněla neznámé prázdné stejné staré nové ' +
  'unuttum unutuldu bilinmiyor boş aynı eski yeni ' +
  // Invalid, wrong, refused: what a login form answers ("adgangskode: ugyldig", "Passwort: falsch").
  'invalid wrong refused rejected ungültig falsch abgelehnt invalide incorrect refusé refusée ' +
  'inválida inválido incorrecta incorrecto rechazada errata sbagliata rifiutata ongeldig onjuist fout ' +
  'geweigerd incorreta errada recusada nieprawidłowe nieprawidłowy błędne odrzucone ogiltigt ogiltig fel ' +
  'nekad ugyldig forkert afvist neplatné neplatný špatné chybné odmítnuto geçersiz yanlış hatalı reddedildi ' +
  // Expired, locked, correct, required, set: more verdicts and states.
  'abgelaufen expiré expirée caducada caducado scaduta scaduto verlopen expirada expirado wygasło wygasłe ' +
  'utgånget udløbet vypršelo vypršené gesperrt bloqué bloquée bloqueada bloqueado bloccata bloccato ' +
  'geblokkeerd zablokowane zablokowany låst spærret zablokováno kilitli locked richtig correct correcte ' +
  'correcto correcta corretta corretto juist correta correto poprawne poprawny rätt korrekt správné doğru ' +
  'erforderlich obligatoire obligatorio obligatoria obbligatoria obbligatorio verplicht obrigatória ' +
  'obrigatório wymagane obligatoriskt påkrævet povinné zorunlu gesetzt défini définie definida definido ' +
  'impostata impostato ingesteld ustawione satt sat nastaveno ayarlandı ' +
  // Where it is instead: below, attached, separately, by phone or text message.
  'unten anbei separat beiliegend ci-dessous ci-joint séparément abajo adjunto adjunta aparte sotto ' +
  'allegato allegata separatamente hieronder bijlage apart abaixo anexo anexa separadamente poniżej ' +
  'załącznik osobno nedan bifogad bifogat separat nedenfor vedhæftet separat níže příloha zvlášť ' +
  'aşağıda ekte ayrıca telefonisch telefon téléphone teléfono telefono telefone telefonu sms'
).split(' ');

/** Recovery-code block headings: "backup codes", "Wiederherstellungscodes", "kody zapasowe" … */
export const RECOVERY_CODE_WORDS: readonly string[] = [
  'backup code',
  'backup-code',
  'backupcode',
  'recovery code',
  'recovery-code',
  'recovery_code',
  'wiederherstellungscode',
  'sicherungscode',
  'notfallcode',
  'backup-codes',
  'codes de récupération',
  'codes de secours',
  'code de récupération',
  'codes de sauvegarde',
  'códigos de recuperación',
  'códigos de respaldo',
  'códigos de seguridad',
  'codici di backup',
  'codici di recupero',
  'herstelcode',
  'back-upcode',
  'reservecode',
  'códigos de backup',
  'códigos de recuperação',
  'códigos de reserva',
  'kody zapasowe',
  'kody odzyskiwania',
  'kody awaryjne',
  'kody jednorazowe',
  'reservkod',
  'återställningskod',
  'backupkod',
  'gendannelseskode',
  'backupkode',
  'reservekode',
  'sikkerhedskode',
  'záložní kód',
  'kódy pro obnovení',
  'obnovovací kód',
  'zalozni kod',
  'yedek kod',
  'kurtarma kod',
  'yedekleme kod',
  // Other names for the same thing: emergency, scratch and one-time codes, recovery keys.
  'emergency code',
  'scratch code',
  'recovery key',
  'back-up code',
  'wiederherstellungsschlüssel',
  'wiederherstellungs-code',
  'notfall-code',
  'einmalcode',
  "codes d'urgence",
  'codes d’urgence',
  'code de secours',
  'códigos de emergencia',
  'códigos de un solo uso',
  'codici di emergenza',
  'codici di ripristino',
  'codici monouso',
  'noodcode',
  'códigos de emergência',
  'kody kopii zapasowej',
  'kody ratunkowe',
  'nødkode',
  'engangskode',
  'nödkod',
  'engångskod',
  'záchranné kódy',
  'záchranný kód',
  'nouzové kódy',
  'nouzový kód',
  'acil durum kod',
  'tek kullanımlık kod',
  'backup-kod',
  'backup kod',
  // Named after the second factor they stand in for: "2FA-Codes", "kody 2FA", "MFA backup".
  '2fa code',
  '2fa-code',
  '2fa kod',
  '2fa-kod',
  '2fa kód',
  '2fa-kód',
  'kody 2fa',
  'kódy 2fa',
  'codes 2fa',
  'códigos 2fa',
  'codici 2fa',
  'mfa code',
  'mfa-code',
  'codici di riserva',
  'codes de réserve',
  // Singular forms and inflections the plural headings above do not contain.
  'backup verification code',
  'código de recuperación',
  'código de respaldo',
  'código de backup',
  'código de recuperação',
  'código de reserva',
  'codice di backup',
  'codice di recupero',
  'codice di emergenza',
  'kod zapasowy',
  'kodów zapasowych',
  'kodami zapasowymi',
  'kodach zapasowych',
  'kod odzyskiwania',
  'kodów odzyskiwania',
  'kod awaryjny',
  'kodów awaryjnych',
  'kodów jednorazowych',
  'záložních kódů',
  'kódů pro obnovení',
  'obnovovacích kódů',
  'codes à usage unique',
  'códigos de cópia de segurança',
  'código de cópia de segurança',
  'single-use code',
  'ersatzcode',
  'códigos de copia de seguridad',
  // Recovery keys (BitLocker prints eight groups of six digits) in the twelve languages.
  'clé de récupération',
  'clave de recuperación',
  'chiave di ripristino',
  'chiave di recupero',
  'herstelsleutel',
  'chave de recuperação',
  'klucz odzyskiwania',
  'återställningsnyckel',
  'gendannelsesnøgle',
  'obnovovací klíč',
  'klíč pro obnovení',
  'kurtarma anahtar',
];
