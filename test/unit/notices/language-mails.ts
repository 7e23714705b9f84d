/**
 * Short support mails as customers write them, for the notice-language tests: two or three
 * sentences in their language, a password line (as sent, or as redaction left it), a signature,
 * and our earlier English reply quoted below in the style of their mail client (Gmail, Outlook,
 * Thunderbird, Apple Mail, each with its attribution in the customer's language).
 */

/** Our earlier reply, in English, as the customer's client quotes it. */
const ourReply = (name: string): string =>
  `Hello ${name},\n\nthank you for your message. Could you please tell us which browser you are using and\nsince when the problem occurs? We will look into it right away.\n\nBest regards,\nExample Support`;

/** Quoted with `>` as plain-text clients do. */
export const quote = (text: string): string =>
  text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');

/** An Outlook-style original: a separator line (or none), a header block, the text unquoted. */
const outlook = (separator: string, fields: readonly string[], name: string): string =>
  `${separator ? `${separator}\n` : ''}${fields.join('\n')}\n\n${ourReply(name)}\n`;

export interface LanguageMail {
  lang: string;
  name: string;
  body: string;
}

export const MAILS: readonly LanguageMail[] = [
  // German
  {
    lang: 'de',
    name: 'Gmail, portal login, password as sent',
    body: `Hallo,\n\nseit heute Morgen kann ich mich nicht mehr in unser Kundenportal einloggen. Die Seite lädt kurz und zeigt dann wieder die Anmeldemaske an. Hier meine Zugangsdaten, damit Sie es selbst testen können:\n\nBenutzer: t.weber\nPasswort: Sommer2024!Blau\n\nViele Grüße\nThomas Weber\n\n-- \nThomas Weber | IT-Leitung\nWeber & Söhne GmbH, Berlin\nTel. +49 30 1234567\n\nAm Di., 4. März 2025 um 10:02 Uhr schrieb Example Support <support@example.com>:\n${quote(ourReply('Mr Weber'))}\n`,
  },
  {
    lang: 'de',
    name: 'Outlook, test access, redacted password',
    body: `Guten Tag Frau Schneider,\n\nwie besprochen schicke ich Ihnen die Daten für den Testzugang. Das Passwort lautet [REDACTED:password], bitte ändern Sie es nach dem ersten Login.\nKönnen Sie mir Bescheid geben, sobald die Einrichtung abgeschlossen ist?\n\nMit freundlichen Grüßen\nSabine Keller\n\n${outlook('-----Ursprüngliche Nachricht-----', ['Von: Example Support <support@example.com>', 'Gesendet: Dienstag, 4. März 2025 10:02', 'An: Keller, Sabine <s.keller@firma.example>', 'Betreff: Test access [#DG-7K3QF9]'], 'Ms Keller')}`,
  },
  {
    lang: 'de',
    name: 'Thunderbird, export error, admin password',
    body: `Hi,\nder Export bricht bei mir immer mit einem Fehler ab. Ich habe es mit Firefox und mit Chrome probiert, beides ohne Erfolg.\nPasswort für den Admin-Account: Kx9#mP2$vL\nDanke!\nJonas\n\nAm 04.03.25 um 10:02 schrieb Example Support:\n${quote(ourReply('Jonas'))}\n`,
  },
  {
    lang: 'de',
    name: 'Outlook without separator, server details',
    body: `Hallo zusammen,\n\nanbei wie gewünscht die Angaben. Unser Server läuft auf Ubuntu 22.04, die Datenbank ist PostgreSQL 15.\nDas Root-Passwort ist [REDACTED:password] – ich weiß, dass man das nicht per Mail schicken sollte, aber es eilt leider.\n\nBeste Grüße aus Hamburg\nMaria Lange\n\n${outlook('', ['Von: Example Support <support@example.com>', 'Gesendet: Montag, 3. März 2025 16:45', 'An: Maria Lange <m.lange@example.de>', 'Betreff: Server details'], 'Maria')}`,
  },
  {
    lang: 'de',
    name: 'Apple Mail, forgotten password',
    body: `Hallo Support-Team,\nich habe mein Passwort vergessen und der Link zum Zurücksetzen kommt nicht an. Mein altes Passwort war Hamburg1987, vielleicht hilft das ja.\nGruß, Peter\n\nVon meinem iPhone gesendet\n\n${quote(`Am 04.03.2025 um 10:02 schrieb Example Support <support@example.com>:\n\n${ourReply('Peter')}`)}\n`,
  },
  // French
  {
    lang: 'fr',
    name: 'Gmail, portal login, password as sent',
    body: `Bonjour,\n\nDepuis ce matin, je n'arrive plus à me connecter à mon espace client. La page se recharge et me redemande mes identifiants. Voici mes accès pour que vous puissiez vérifier :\n\nIdentifiant : c.martin\nMot de passe : Soleil2024!\n\nMerci d'avance pour votre aide.\nCordialement,\nClaire Martin\n\n-- \nClaire Martin – Responsable informatique\nMartin & Fils SARL, Lyon\n\nLe mar. 4 mars 2025 à 10:02, Example Support <support@example.com> a écrit :\n${quote(ourReply('Ms Martin'))}\n`,
  },
  {
    lang: 'fr',
    name: 'Outlook, test access, redacted password',
    body: `Bonjour Monsieur,\n\nComme convenu, je vous transmets les informations pour l'accès de test. Le mot de passe est [REDACTED:password] ; merci de le changer après la première connexion.\nPourriez-vous me prévenir dès que la configuration sera terminée ?\n\nBien à vous,\nJulien Lefèvre\n\n${outlook("-----Message d'origine-----", ['De : Example Support <support@example.com>', 'Envoyé : mardi 4 mars 2025 10:02', 'À : Julien Lefèvre <j.lefevre@exemple.fr>', 'Objet : Test access'], 'Mr Lefèvre')}`,
  },
  {
    lang: 'fr',
    name: 'Thunderbird, export error, admin password',
    body: `Salut,\nl'export plante à chaque fois avec une erreur. J'ai essayé avec Firefox et avec Chrome, sans succès.\nMot de passe du compte admin : Kx9#mP2$vL\nMerci !\nLucas\n\nLe 04/03/2025 à 10:02, Example Support a écrit :\n${quote(ourReply('Lucas'))}\n`,
  },
  {
    lang: 'fr',
    name: 'Outlook without separator, server details',
    body: `Bonjour à toute l'équipe,\n\nVoici les informations demandées. Notre serveur tourne sous Ubuntu 22.04 et la base de données est en PostgreSQL 15.\nLe mot de passe root est [REDACTED:password]. Je sais qu'il ne faut pas l'envoyer par mail, mais c'est urgent.\n\nBonne journée,\nSophie Bernard\n\n${outlook('', ['De : Example Support <support@example.com>', 'Envoyé : lundi 3 mars 2025 16:45', 'À : Sophie Bernard <s.bernard@exemple.fr>', 'Objet : Server details'], 'Sophie')}`,
  },
  {
    lang: 'fr',
    name: 'Apple Mail, forgotten password',
    body: `Bonjour,\nJ'ai oublié mon mot de passe et je ne reçois pas le lien de réinitialisation. Mon ancien mot de passe était Paris1987, si ça peut aider.\nMerci, Pierre\n\nEnvoyé de mon iPhone\n\n${quote(`Le 4 mars 2025 à 10:02, Example Support <support@example.com> a écrit :\n\n${ourReply('Pierre')}`)}\n`,
  },
  // Spanish
  {
    lang: 'es',
    name: 'Gmail, portal login, password as sent',
    body: `Hola:\n\nDesde esta mañana no puedo entrar en el portal de clientes. La página se recarga y me vuelve a pedir los datos de acceso. Les dejo mis credenciales para que puedan comprobarlo:\n\nUsuario: l.garcia\nContraseña: Verano2024!\n\nGracias de antemano.\nUn saludo,\nLucía García\n\n-- \nLucía García – Responsable de sistemas\nGarcía e Hijos S.L., Valencia\n\nEl mar, 4 mar 2025 a las 10:02, Example Support (<support@example.com>) escribió:\n${quote(ourReply('Ms García'))}\n`,
  },
  {
    lang: 'es',
    name: 'Outlook, test access, redacted password',
    body: `Buenos días:\n\nTal como acordamos, les envío los datos del acceso de prueba. La contraseña es [REDACTED:password]; por favor, cámbienla después del primer inicio de sesión.\n¿Me pueden avisar cuando esté terminada la configuración?\n\nAtentamente,\nJavier Moreno\n\n${outlook('-----Mensaje original-----', ['De: Example Support <support@example.com>', 'Enviado el: martes, 4 de marzo de 2025 10:02', 'Para: Javier Moreno <j.moreno@ejemplo.es>', 'Asunto: Test access'], 'Mr Moreno')}`,
  },
  {
    lang: 'es',
    name: 'Thunderbird, export error, admin password',
    body: `Hola,\nla exportación siempre se corta con un error. Lo he probado con Firefox y con Chrome, y nada.\nContraseña de la cuenta de administrador: Kx9#mP2$vL\n¡Gracias!\nPablo\n\nEl 04/03/2025 a las 10:02, Example Support escribió:\n${quote(ourReply('Pablo'))}\n`,
  },
  {
    lang: 'es',
    name: 'Outlook without separator, server details',
    body: `Hola a todos:\n\nAquí tienen la información que pidieron. Nuestro servidor funciona con Ubuntu 22.04 y la base de datos es PostgreSQL 15.\nLa contraseña de root es [REDACTED:password]. Ya sé que no se debe enviar por correo, pero es urgente.\n\nSaludos,\nCarmen Ruiz\n\n${outlook('', ['De: Example Support <support@example.com>', 'Enviado: lunes, 3 de marzo de 2025 16:45', 'Para: Carmen Ruiz <c.ruiz@ejemplo.es>', 'Asunto: Server details'], 'Carmen')}`,
  },
  {
    lang: 'es',
    name: 'Apple Mail, forgotten password',
    body: `Hola:\nHe olvidado mi contraseña y no me llega el enlace para restablecerla. Mi contraseña anterior era Madrid1987, por si sirve de algo.\nGracias, Diego\n\nEnviado desde mi iPhone\n\n${quote(`El 4 mar 2025, a las 10:02, Example Support <support@example.com> escribió:\n\n${ourReply('Diego')}`)}\n`,
  },
  // Italian
  {
    lang: 'it',
    name: 'Gmail, portal login, password as sent',
    body: `Buongiorno,\n\nda stamattina non riesco più ad accedere all'area clienti. La pagina si ricarica e mi chiede di nuovo le credenziali. Vi lascio i miei dati di accesso così potete verificare:\n\nUtente: g.rossi\nPassword: Estate2024!\n\nGrazie in anticipo.\nCordiali saluti,\nGiulia Rossi\n\n-- \nGiulia Rossi – Responsabile IT\nRossi & Figli S.r.l., Bologna\n\nIl giorno mar 4 mar 2025 alle ore 10:02 Example Support <support@example.com> ha scritto:\n${quote(ourReply('Ms Rossi'))}\n`,
  },
  {
    lang: 'it',
    name: 'Outlook, test access, redacted password',
    body: `Buongiorno,\n\ncome concordato, vi mando i dati per l'accesso di prova. La password è [REDACTED:password]; per favore cambiatela dopo il primo accesso.\nPotete avvisarmi quando la configurazione è completata?\n\nCordiali saluti,\nMarco Bianchi\n\n${outlook('-----Messaggio originale-----', ['Da: Example Support <support@example.com>', 'Inviato: martedì 4 marzo 2025 10:02', 'A: Marco Bianchi <m.bianchi@esempio.it>', 'Oggetto: Test access'], 'Mr Bianchi')}`,
  },
  {
    lang: 'it',
    name: 'Thunderbird, export error, admin password',
    body: `Ciao,\nl'esportazione si blocca sempre con un errore. Ho provato sia con Firefox che con Chrome, ma niente da fare.\nPassword dell'account amministratore: Kx9#mP2$vL\nGrazie!\nLuca\n\nIl 04/03/2025 10:02, Example Support ha scritto:\n${quote(ourReply('Luca'))}\n`,
  },
  {
    lang: 'it',
    name: 'Outlook without separator, server details',
    body: `Buongiorno a tutti,\n\necco le informazioni richieste. Il nostro server gira su Ubuntu 22.04 e il database è PostgreSQL 15.\nLa password di root è [REDACTED:password]. So che non andrebbe mandata per email, ma è urgente.\n\nBuona giornata,\nFrancesca Conti\n\n${outlook('', ['Da: Example Support <support@example.com>', 'Inviato: lunedì 3 marzo 2025 16:45', 'A: Francesca Conti <f.conti@esempio.it>', 'Oggetto: Server details'], 'Francesca')}`,
  },
  {
    lang: 'it',
    name: 'Apple Mail, forgotten password',
    body: `Salve,\nho dimenticato la password e non mi arriva il link per reimpostarla. La mia vecchia password era Roma1987, se può essere utile.\nGrazie, Paolo\n\nInviato da iPhone\n\n${quote(`Il giorno 4 mar 2025, alle ore 10:02, Example Support <support@example.com> ha scritto:\n\n${ourReply('Paolo')}`)}\n`,
  },
  // Dutch
  {
    lang: 'nl',
    name: 'Gmail, portal login, password as sent',
    body: `Hallo,\n\nSinds vanochtend kan ik niet meer inloggen op het klantenportaal. De pagina laadt opnieuw en vraagt dan weer om mijn gegevens. Hieronder mijn inloggegevens, zodat u het zelf kunt controleren:\n\nGebruiker: j.devries\nWachtwoord: Zomer2024!\n\nAlvast bedankt.\nMet vriendelijke groet,\nJan de Vries\n\n-- \nJan de Vries – ICT-beheer\nDe Vries & Zonen B.V., Utrecht\n\nOp di 4 mrt 2025 om 10:02 schreef Example Support <support@example.com>:\n${quote(ourReply('Mr de Vries'))}\n`,
  },
  {
    lang: 'nl',
    name: 'Outlook, test access, redacted password',
    body: `Goedemorgen,\n\nZoals afgesproken stuur ik u de gegevens voor de testomgeving. Het wachtwoord is [REDACTED:password]; wilt u het na de eerste keer inloggen wijzigen?\nKunt u mij laten weten wanneer de installatie klaar is?\n\nMet vriendelijke groet,\nSanne Bakker\n\n${outlook('-----Oorspronkelijk bericht-----', ['Van: Example Support <support@example.com>', 'Verzonden: dinsdag 4 maart 2025 10:02', 'Aan: Sanne Bakker <s.bakker@voorbeeld.nl>', 'Onderwerp: Test access'], 'Ms Bakker')}`,
  },
  {
    lang: 'nl',
    name: 'Thunderbird, export error, admin password',
    body: `Hoi,\nde export loopt steeds vast met een foutmelding. Ik heb het geprobeerd met Firefox en met Chrome, maar het lukt niet.\nWachtwoord van het beheerdersaccount: Kx9#mP2$vL\nBedankt!\nDaan\n\nOp 04-03-2025 om 10:02 schreef Example Support:\n${quote(ourReply('Daan'))}\n`,
  },
  {
    lang: 'nl',
    name: 'Outlook without separator, server details',
    body: `Beste allemaal,\n\nHierbij de gevraagde informatie. Onze server draait op Ubuntu 22.04 en de database is PostgreSQL 15.\nHet rootwachtwoord is [REDACTED:password]. Ik weet dat je dat niet per mail hoort te sturen, maar het is dringend.\n\nFijne dag,\nEmma Visser\n\n${outlook('', ['Van: Example Support <support@example.com>', 'Verzonden: maandag 3 maart 2025 16:45', 'Aan: Emma Visser <e.visser@voorbeeld.nl>', 'Onderwerp: Server details'], 'Emma')}`,
  },
  {
    lang: 'nl',
    name: 'Apple Mail, forgotten password',
    body: `Hallo,\nIk ben mijn wachtwoord vergeten en de link om het te herstellen komt niet aan. Mijn oude wachtwoord was Amsterdam1987, misschien helpt dat.\nGroeten, Pieter\n\nVerzonden vanaf mijn iPhone\n\n${quote(`Op 4 mrt 2025 om 10:02 heeft Example Support <support@example.com> het volgende geschreven:\n\n${ourReply('Pieter')}`)}\n`,
  },
  // Portuguese (European and Brazilian)
  {
    lang: 'pt',
    name: 'Gmail, portal login, password as sent (pt-PT)',
    body: `Bom dia,\n\nDesde hoje de manhã não consigo entrar na área de clientes. A página recarrega e volta a pedir os meus dados de acesso. Deixo aqui as minhas credenciais para poderem verificar:\n\nUtilizador: a.silva\nPalavra-passe: Verao2024!\n\nDesde já obrigada.\nCumprimentos,\nAna Silva\n\n-- \nAna Silva – Responsável de informática\nSilva & Filhos, Lda., Porto\n\nEm ter., 4 de mar. de 2025 às 10:02, Example Support <support@example.com> escreveu:\n${quote(ourReply('Ms Silva'))}\n`,
  },
  {
    lang: 'pt',
    name: 'Outlook, test access, redacted password (pt-BR)',
    body: `Bom dia,\n\nConforme combinado, envio os dados do acesso de teste. A senha é [REDACTED:password]; por favor, alterem depois do primeiro acesso.\nPodem me avisar quando a configuração estiver concluída?\n\nAtenciosamente,\nRafael Souza\n\n${outlook('-----Mensagem original-----', ['De: Example Support <support@example.com>', 'Enviada em: terça-feira, 4 de março de 2025 10:02', 'Para: Rafael Souza <r.souza@exemplo.com.br>', 'Assunto: Test access'], 'Mr Souza')}`,
  },
  {
    lang: 'pt',
    name: 'Thunderbird, export error, admin password (pt-BR)',
    body: `Olá,\na exportação sempre trava com um erro. Já tentei no Firefox e no Chrome, e nada.\nSenha da conta de administrador: Kx9#mP2$vL\nObrigado!\nBruno\n\nEm 04/03/2025 10:02, Example Support escreveu:\n${quote(ourReply('Bruno'))}\n`,
  },
  {
    lang: 'pt',
    name: 'Outlook without separator, server details (pt-PT)',
    body: `Olá a todos,\n\nSeguem as informações pedidas. O nosso servidor corre em Ubuntu 22.04 e a base de dados é PostgreSQL 15.\nA palavra-passe de root é [REDACTED:password]. Sei que não se deve enviar isto por email, mas é urgente.\n\nBom trabalho,\nMariana Costa\n\n${outlook('', ['De: Example Support <support@example.com>', 'Enviado: segunda-feira, 3 de março de 2025 16:45', 'Para: Mariana Costa <m.costa@exemplo.pt>', 'Assunto: Server details'], 'Mariana')}`,
  },
  {
    lang: 'pt',
    name: 'Apple Mail, forgotten password (pt-BR)',
    body: `Olá,\nEsqueci minha senha e o link para redefinir não chega. Minha senha antiga era Recife1987, caso ajude.\nObrigado, Thiago\n\nEnviado do meu iPhone\n\n${quote(`Em 4 de mar. de 2025, à(s) 10:02, Example Support <support@example.com> escreveu:\n\n${ourReply('Thiago')}`)}\n`,
  },
  // Polish
  {
    lang: 'pl',
    name: 'Gmail, portal login, password as sent',
    body: `Dzień dobry,\n\nod dzisiejszego ranka nie mogę zalogować się do panelu klienta. Strona się przeładowuje i znowu prosi o dane logowania. Przesyłam swoje dane, żeby mogli Państwo to sprawdzić:\n\nLogin: k.nowak\nHasło: Lato2024!\n\nZ góry dziękuję.\nPozdrawiam serdecznie,\nKatarzyna Nowak\n\n-- \nKatarzyna Nowak – Kierownik IT\nNowak i Synowie Sp. z o.o., Kraków\n\nwt., 4 mar 2025 o 10:02 Example Support <support@example.com> napisał(a):\n${quote(ourReply('Ms Nowak'))}\n`,
  },
  {
    lang: 'pl',
    name: 'Outlook, test access, redacted password',
    body: `Dzień dobry,\n\nzgodnie z ustaleniami przesyłam dane do konta testowego. Hasło to [REDACTED:password]; proszę je zmienić po pierwszym logowaniu.\nCzy mogą Państwo dać znać, kiedy konfiguracja będzie gotowa?\n\nZ poważaniem,\nTomasz Kowalski\n\n${outlook('-----Oryginalna wiadomość-----', ['Od: Example Support <support@example.com>', 'Wysłano: wtorek, 4 marca 2025 10:02', 'Do: Tomasz Kowalski <t.kowalski@przyklad.pl>', 'Temat: Test access'], 'Mr Kowalski')}`,
  },
  {
    lang: 'pl',
    name: 'Thunderbird, export error, admin password',
    body: `Cześć,\neksport zawsze przerywa się z błędem. Próbowałem w Firefoksie i w Chrome, niestety bez skutku.\nHasło do konta administratora: Kx9#mP2$vL\nDzięki!\nMichał\n\nW dniu 04.03.2025 o 10:02, Example Support pisze:\n${quote(ourReply('Michał'))}\n`,
  },
  {
    lang: 'pl',
    name: 'Outlook without separator, server details',
    body: `Witam wszystkich,\n\nprzesyłam informacje, o które Państwo prosili. Nasz serwer działa na Ubuntu 22.04, a baza danych to PostgreSQL 15.\nHasło roota to [REDACTED:password]. Wiem, że nie powinno się go wysyłać mailem, ale sprawa jest pilna.\n\nMiłego dnia,\nAgnieszka Wiśniewska\n\n${outlook('', ['Od: Example Support <support@example.com>', 'Wysłano: poniedziałek, 3 marca 2025 16:45', 'Do: Agnieszka Wiśniewska <a.wisniewska@przyklad.pl>', 'Temat: Server details'], 'Agnieszka')}`,
  },
  {
    lang: 'pl',
    name: 'Apple Mail, forgotten password',
    body: `Dzień dobry,\nzapomniałem hasła, a link do jego zresetowania nie przychodzi. Moje stare hasło to Gdansk1987, może to pomoże.\nDziękuję, Piotr\n\nWysłane z iPhone'a\n\n${quote(`Wiadomość napisana przez Example Support <support@example.com> w dniu 04.03.2025, o godz. 10:02:\n\n${ourReply('Piotr')}`)}\n`,
  },
  // English (identified against a fallback in another language)
  {
    lang: 'en',
    name: 'Gmail, portal login, password as sent',
    body: `Hi,\n\nsince this morning I can't log in to the customer portal any more. The page reloads and asks for my details again. Here are my login details so you can check it yourselves:\n\nUser: j.smith\nPassword: Summer2024!\n\nThanks in advance.\nBest regards,\nJohn Smith\n\n-- \nJohn Smith – IT Manager\nSmith & Sons Ltd, Leeds\n\nAm Di., 4. März 2025 um 10:02 Uhr schrieb Example Support <support@example.com>:\n${quote('Hallo Herr Smith,\n\nvielen Dank für Ihre Nachricht. Welchen Browser verwenden Sie, und seit wann tritt das Problem auf?\n\nViele Grüße\nExample Support')}\n`,
  },
  {
    lang: 'en',
    name: 'Outlook, test access, redacted password',
    body: `Good morning,\n\nAs agreed, here are the details for the test account. The password is [REDACTED:password]; please change it after the first login.\nCould you let me know when the setup is complete?\n\nKind regards,\nSarah Miller\n\n${outlook('-----Original Message-----', ['From: Example Support <support@example.com>', 'Sent: Tuesday, March 4, 2025 10:02 AM', 'To: Sarah Miller <s.miller@example.co.uk>', 'Subject: Test access'], 'Ms Miller')}`,
  },
  {
    lang: 'en',
    name: 'Thunderbird, export error, admin password',
    body: `Hey,\nthe export keeps failing with an error. I tried both Firefox and Chrome, no luck.\nAdmin account password: Kx9#mP2$vL\nThanks!\nDave\n\nOn 04/03/2025 10:02, Example Support wrote:\n${quote(ourReply('Dave'))}\n`,
  },
  {
    lang: 'en',
    name: 'Apple Mail, forgotten password',
    body: `Hello,\nI forgot my password and the reset link never arrives. My old password was London1987, in case that helps.\nCheers, Tom\n\nSent from my iPhone\n\n${quote(`On 4 Mar 2025, at 10:02, Example Support <support@example.com> wrote:\n\n${ourReply('Tom')}`)}\n`,
  },
];

/**
 * Mails in more than one language: the customer's own words decide, not a pasted error message,
 * an English greeting, a quoted thread in another language or a company footer.
 */
export const MIXED: readonly LanguageMail[] = [
  {
    lang: 'de',
    name: 'German question around a pasted English error message',
    body: `Hallo,\n\nbeim Import kommt jedes Mal diese Meldung:\n\n  Error: connection refused\n\nWas kann ich da machen? Die Zugangsdaten für den Server sind admin / [REDACTED:password], falls Sie selbst nachsehen möchten.\n\nGruß\nAnna Fischer\n`,
  },
  {
    lang: 'fr',
    name: 'French reply above a long English thread and an English disclaimer',
    body: `Bonjour,\n\nJe vous renvoie le fichier demandé. Le mot de passe du compte de service est [REDACTED:password]. Pouvez-vous me dire quand la migration sera faite ?\n\nCordialement,\nNicolas Petit\n\n-- \nThis e-mail and any attachments are confidential and intended solely for the addressee. If you have received it in error, please notify the sender and delete it.\n\nOn Mon, 3 Mar 2025 at 16:45, Example Support <support@example.com> wrote:\n${quote(`${ourReply('Mr Petit')}\n\nOn Fri, 28 Feb 2025 at 09:12, Nicolas Petit <n.petit@exemple.fr> wrote:\n> Hello, we would like to migrate our data to the new platform next week. Is that possible?`)}\n`,
  },
  {
    lang: 'es',
    name: 'English greeting, Spanish request',
    body: `Hi team,\n\nles escribo porque no consigo configurar la integración con nuestro sistema de facturación. He seguido todos los pasos de la guía, pero sigue sin funcionar. La clave de la API es [REDACTED:generic_api_key].\n\n¿Podrían echarle un vistazo?\nMuchas gracias,\nSergio Navarro\n`,
  },
  {
    lang: 'en',
    name: 'English request with a German company footer after the separator',
    body: `Hello,\n\nwe cannot reach the dashboard since the update last night. Our admin login is ops@example.de with password [REDACTED:password]. Could you please have a look as soon as possible?\n\nThanks,\nMark\n\n-- \nBeispiel GmbH · Musterstraße 1 · 10115 Berlin\nGeschäftsführer: Max Mustermann · Amtsgericht Berlin-Charlottenburg HRB 12345\nDiese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.\n`,
  },
  {
    lang: 'nl',
    name: 'Dutch reply above a quoted German conversation',
    body: `Hallo,\n\nIk stuur dit door namens mijn collega. Het probleem met de synchronisatie bestaat nog steeds en we kunnen zo niet verder werken. Het wachtwoord van het gedeelde account is [REDACTED:password].\n\nMet vriendelijke groet,\nLotte Jansen\n\nOp ma 3 mrt 2025 om 16:45 schreef Klaus Becker <k.becker@example.de>:\n${quote('Hallo Lotte,\n\nkannst du bitte beim Support nachfragen, warum die Synchronisierung seit Montag nicht mehr funktioniert? Ich komme heute nicht mehr dazu.\n\nDanke und viele Grüße\nKlaus')}\n`,
  },
  {
    lang: 'pl',
    name: 'Polish text with English technical terms, forwarded English thread below',
    body: `Dzień dobry,\n\nbackup bazy danych nie startuje od wczoraj, cron job kończy się z błędem. Sprawdziłem logi, ale nic tam nie ma. Hasło do serwera: [REDACTED:password].\n\nPozdrawiam,\nMarek Zieliński\n\n---------- Forwarded message ---------\nFrom: Monitoring <alerts@example.com>\nDate: Mon, 3 Mar 2025 at 02:00\nSubject: Backup failed\nTo: <ops@example.pl>\n\nThe nightly backup job failed with exit code 1. Please check the server logs for more information.\n`,
  },
  {
    lang: 'it',
    name: 'Italian text with English product words',
    body: `Buongiorno,\n\nil nostro account premium non mostra più la dashboard con i report settimanali dopo il rinnovo. Abbiamo già provato a fare logout e login, ma il problema resta. La password dell'utente admin è [REDACTED:password].\n\nGrazie mille,\nElena Greco\n`,
  },
];

/** Mails in languages we have no notice for, or with too few words of the customer's own. */
export const FALLBACK: readonly LanguageMail[] = [
  {
    lang: 'sv',
    name: 'Swedish',
    body: `Hej,\n\njag kan inte logga in på mitt konto sedan i morse. Sidan laddas om och frågar efter mina uppgifter igen. Mitt lösenord är [REDACTED:password], kan ni kolla vad som är fel?\n\nMed vänliga hälsningar\nErik Johansson\n`,
  },
  {
    lang: 'cs',
    name: 'Czech',
    body: `Dobrý den,\n\nod rána se nemohu přihlásit ke svému účtu. Stránka se znovu načte a chce po mně údaje. Heslo je [REDACTED:password], můžete to prosím zkontrolovat?\n\nS pozdravem\nJan Novák\n`,
  },
  {
    lang: 'tr',
    name: 'Turkish',
    body: `Merhaba,\n\nbu sabahtan beri hesabıma giriş yapamıyorum. Sayfa yeniden yükleniyor ve bilgilerimi tekrar istiyor. Şifrem [REDACTED:password], kontrol edebilir misiniz?\n\nSaygılarımla\nAyşe Yılmaz\n`,
  },
  {
    lang: 'ja',
    name: 'Japanese',
    body: `お世話になっております。\n\n今朝からアカウントにログインできません。パスワードは [REDACTED:password] です。確認していただけますでしょうか。\n\nよろしくお願いいたします。\n山田太郎\n`,
  },
  {
    lang: 'ru',
    name: 'Russian',
    body: `Здравствуйте,\n\nс утра не могу войти в свой аккаунт. Страница перезагружается и снова просит данные. Пароль: [REDACTED:password]. Проверьте, пожалуйста.\n\nС уважением,\nИван Петров\n`,
  },
  {
    lang: '',
    name: 'only a password line, a signature and a quote',
    body: `Passwort: Sommer2024!\n\n-- \nThomas Weber\n\nAm 04.03.25 um 10:02 schrieb Example Support:\n${quote(ourReply('Thomas'))}\n`,
  },
  {
    lang: '',
    name: 'a greeting and a link',
    body: `Hi,\nhttps://portal.example.com/tickets/4711?token=abc123\n[REDACTED:password]\n`,
  },
  {
    lang: '',
    name: 'nothing but keys, numbers and addresses',
    body: `AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n+49 30 1234567 DE89 3704 0044 0532 0130 00\nops@example.com 10.0.0.12:5432\n`,
  },
];
