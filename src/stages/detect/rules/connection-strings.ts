import { isPlaceholder } from './placeholders.js';
import { type Rule, trimTrailingPunctuation } from './rule.js';

// Passwords that mean "fill in your own" in documentation and templates: the word "password" in
// the desk languages (`postgres://usuario:senha@…`, `mysql://benutzer:passwort@…`).
const DOC_PASSWORDS = new Set(
  (
    'password pass passwd pwd secret mypassword yourpassword senha contraseña contrasena clave ' +
    'passwort kennwort wachtwoord haslo hasło heslo sifre şifre parola losenord lösenord ' +
    'adgangskode passord motdepasse mot_de_passe mdp geheim secreto segredo segreto'
  ).split(' '),
);

/** The password of `scheme://user:password@host` (empty when there is none). */
export function urlPassword(url: string): string {
  // Userinfo up to the first "@"; the password is what follows the user's ":".
  return /^[^:]*:\/\/[^/]*?:([^@]*)@/.exec(url.slice(0, 400))?.[1] ?? '';
}

/** The password part of `scheme://user:password@host` must be a real value, not a template. */
export function urlPasswordReal(url: string): boolean {
  const pw = urlPassword(url);
  return pw.length > 0 && !isPlaceholder(pw) && !DOC_PASSWORDS.has(pw.toLowerCase()) && !/^[$%{<]/.test(pw);
}

/** The password property of a JDBC URL (empty when there is none). */
function jdbcPassword(url: string): string {
  // ";password=…" (SQL Server) or "?…&password=…" (MySQL, PostgreSQL), up to the next separator.
  return /[;?&](?:password|pwd)=([^;&]*)/i.exec(url)?.[1] ?? '';
}

// A database URL whose host is the documentation domain itself is a docs example, like url-credentials'.
const DOC_HOST = /@example\.(?:com|net|org)(?![\w.-])/i;

export const DB_SCHEMES =
  'postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|db2|cockroachdb|clickhouse|neo4j(?:\\+s)?|couchdb|memcached|cassandra|influxdb|nats|kafka';

export const connectionStringRules: Rule[] = [
  {
    id: 'connection-string-url',
    type: 'connection_string',
    rationale: 'Database and broker URLs with an inline password: scheme://user:password@host/db.',
    keywords: ['://'],
    // Scheme (optionally jdbc: or a +driver suffix), user, ":password@", then host and path to whitespace.
    pattern: new RegExp(
      `(?<![\\w+.-])(?:jdbc:)?(?:${DB_SCHEMES})(?:\\+[a-z0-9]{1,20})?://[^\\s:/@]{0,64}:[^\\s/@]{1,128}@[^\\s"'<>\`]{1,512}`,
      'i',
    ),
    refine: trimTrailingPunctuation,
    validate: (v) => urlPasswordReal(v) && !DOC_HOST.test(v),
    placeholderPart: urlPassword,
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'DATABASE_URL=postgresql://analytics:Qm7vT2xZp9@10.20.1.15:5432/wh?sslmode=require',
          secret: 'postgresql://analytics:Qm7vT2xZp9@10.20.1.15:5432/wh?sslmode=require',
        },
        {
          text: 'REDIS_URL=redis://:r3d1sS3cr3t@cache.internal:6379/0',
          secret: 'redis://:r3d1sS3cr3t@cache.internal:6379/0',
        },
        {
          text: 'at mongodb+srv://shop:Mng0!Pass@cluster0.ab1cd.mongodb.net/shop.',
          secret: 'mongodb+srv://shop:Mng0!Pass@cluster0.ab1cd.mongodb.net/shop',
        },
        {
          text: 'url = mssql://sa:SqlSa!2019x@sqlhost:1433/master',
          secret: 'mssql://sa:SqlSa!2019x@sqlhost:1433/master',
        },
        {
          text: 'Connection string: postgres://app_user:Orchid7174sierra@db-2.internal.example.net:5432/orders',
          secret: 'postgres://app_user:Orchid7174sierra@db-2.internal.example.net:5432/orders',
        },
      ],
      noMatch: [
        'postgres://localhost:5432/mydb works locally',
        'DATABASE_URL=postgres://user:password@localhost:5432/dbname',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the sample
        'mongodb://${MONGO_USER}:${MONGO_PASS}@mongo:27017/app',
        'redis://redis:6379/0',
        'postgres://admin:s3cr3t@example.com:5432/app',
        'postgres://app:example-pass-123@db.acme.io/app',
        'url = "postgres://usuario:senha@localhost:5432/app"',
      ],
    },
  },
  {
    id: 'connection-string-jdbc',
    type: 'connection_string',
    rationale: 'JDBC URLs carrying the password as a property: jdbc:…;password=… or jdbc:…?password=….',
    keywords: ['jdbc:'],
    // The whole jdbc: URL as one greedy run (no search inside it); the password property is checked after.
    pattern: /(?<![\w.-])jdbc:[a-z0-9:+]{2,30}[^\s"'<>]{1,1024}/i,
    refine: trimTrailingPunctuation,
    validate: (v) => {
      const pw = jdbcPassword(v);
      return pw.length > 0 && !isPlaceholder(pw) && !/^[$%{<]/.test(pw);
    },
    placeholderPart: jdbcPassword,
    confidence: 0.95,
    samples: {
      match: [
        {
          text: 'jdbc url: jdbc:sqlserver://sql01:1433;databaseName=Payroll;user=app;password=P4yr0ll!App;encrypt=true',
          secret:
            'jdbc:sqlserver://sql01:1433;databaseName=Payroll;user=app;password=P4yr0ll!App;encrypt=true',
        },
        {
          text: 'url=jdbc:mysql://db:3306/crm?user=crm&password=Crm!2024pw&useSSL=true',
          secret: 'jdbc:mysql://db:3306/crm?user=crm&password=Crm!2024pw&useSSL=true',
        },
      ],
      noMatch: [
        'jdbc:postgresql://db.internal:5432/inventory',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the sample
        'jdbc:mysql://db/crm?user=crm&password=${DB_PASS}',
        'jdbc:mysql://db/crm?user=crm&password=samplepw1',
      ],
    },
  },
  {
    id: 'connection-string-ado',
    type: 'connection_string',
    rationale: 'ADO.NET / ODBC key=value connection strings: the Password= (or Pwd=) value.',
    keywords: ['password=', 'pwd=', 'password =', 'pwd ='],
    // Password= then a quoted value or everything up to the next ";" on the line.
    pattern:
      /(?<![\w-])(?:password|pwd)[ \t]{0,2}=[ \t]{0,2}(?:"([^"\r\n]{1,128})"|'([^'\r\n]{1,128})'|([^;\s"'][^;\r\n]{0,127}))/i,
    group: [1, 2, 3],
    refine: (v) => v.trimEnd().length,
    validate: (v, ctx) => {
      if (isPlaceholder(v) || /^[$%{<]/.test(v) || v.length < 3) return false;
      // Only in a connection string: another typical key on the same line, joined by semicolons.
      const before = ctx.text.slice(Math.max(0, ctx.start - 400), ctx.start);
      const text = before.slice(before.lastIndexOf('\n') + 1);
      return /(?:server|data source|host|initial catalog|database|user id|uid|endpoint)[ \t]*=[^;]*;/i.test(
        text,
      );
    },
    confidence: 0.9,
    samples: {
      match: [
        {
          text: 'Data Source=SQLSRV02;Initial Catalog=Inv;User Id=inv;Password=InvR3ad3r!;',
          secret: 'InvR3ad3r!',
        },
        {
          text: '"Server=tcp:x.database.windows.net,1433;User ID=a;Password=Acm3Sql#Pw2024;Encrypt=True;"',
          secret: 'Acm3Sql#Pw2024',
        },
      ],
      noMatch: [
        'Server=sql01;Database=crm;User Id=crm;Password=<your password>;',
        'Server=...;User Id=...;Password=****;',
        'password=hunter2 in the query string',
      ],
    },
  },
];
