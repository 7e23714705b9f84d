import { keyKind } from './config-key-names.js';
import { passwordCommandRules } from './password-commands.js';
import { plausiblePassword } from './password-values.js';
import { type Rule, type Span, trimTrailingPunctuation } from './rule.js';

// The password type attribute of an input; the rest of the tag is examined in a bounded slice.
const PASSWORD_INPUT = /type=["']?password\b/gi;
const VALUE_ATTR = /\svalue=(?:"([^"\r\n]{1,128})"|'([^'\r\n]{1,128})')/i;
const SEGMENT = 200;

/**
 * The match of `inner` in a bounded segment after each `outer` hit, as a span of `text`. The next
 * search starts after the segment, so overlapping hits never rescan the same characters.
 */
function* findInSegments(
  text: string,
  outer: RegExp,
  inner: RegExp,
  cut: RegExp,
  accept: (v: string) => boolean,
): Generator<Span> {
  outer.lastIndex = 0;
  for (let m = outer.exec(text); m !== null; m = outer.exec(text)) {
    const from = m.index + m[0].length;
    let segment = text.slice(from, from + SEGMENT);
    const stop = segment.search(cut);
    if (stop >= 0) segment = segment.slice(0, stop);
    outer.lastIndex = from + Math.max(segment.length, 1);
    const v = inner.exec(segment);
    const value = v?.slice(1).find((g) => g !== undefined);
    if (!v || value === undefined) continue;
    const start = from + v.index + v[0].lastIndexOf(value);
    const keep = trimTrailingPunctuation(value);
    if (accept(value.slice(0, keep))) yield { start, end: start + keep };
  }
}

// Name/value XML, where one element or attribute names the setting and the next holds it: a KeePass
// export (`<Key>Password</Key><Value Protect…>X</Value>`), Hadoop/Hive properties
// (`<name>javax.jdo.option.ConnectionPassword</name><value>X</value>`), .NET settings
// (`<setting name="SmtpPassword" …><value>X</value>`), Java properties XML (`<entry key="db.password">X</entry>`).
// Every part is bounded; the name is judged by the same key-name rules as a config file's keys.
// One element naming the setting and the value element after it; spelled out per element name
// (no backreference, so the pattern stays a plain automaton).
const NAMED_VALUE = (tag: string) =>
  `<${tag}>[ \\t]{0,4}([^<>\\s][^<>\\r\\n]{0,79}?)[ \\t]{0,4}<\\/${tag}>\\s{0,40}<value(?:[ \\t][^<>]{0,80})?>([^<>\\r\\n]{1,128})<\\/value>`;
const XML_NAME_VALUE = new RegExp(
  `${NAMED_VALUE('key')}|${NAMED_VALUE('name')}|<setting[ \\t]+name=["']([^"'<>\\r\\n]{1,80})["'][^<>]{0,80}>\\s{0,40}<value>([^<>\\r\\n]{1,128})<\\/value>|<entry[ \\t]+key=["']([^"'<>\\r\\n]{1,80})["'][ \\t]*>([^<>\\r\\n]{1,128})<\\/entry>`,
  'gi',
);

function* findXmlNameValue(text: string): Generator<Span> {
  XML_NAME_VALUE.lastIndex = 0;
  for (let m = XML_NAME_VALUE.exec(text); m !== null; m = XML_NAME_VALUE.exec(text)) {
    const name = m[1] ?? m[3] ?? m[5] ?? m[7] ?? '';
    const value = (m[2] ?? m[4] ?? m[6] ?? m[8] ?? '').trim();
    if (keyKind(name) !== 'password' || !plausiblePassword(value)) continue;
    const start = m.index + m[0].lastIndexOf(value);
    yield { start, end: start + value.length };
  }
}

const findHtmlPasswords = (text: string) =>
  findInSegments(text, PASSWORD_INPUT, VALUE_ATTR, />/, plausiblePassword);

// Database connections opened with the password as a positional argument, as code and stack traces
// show them: PHP's PDO and mysqli (traces print the arguments), JDBC's DriverManager.getConnection.
// The callee, then "(": the arguments are read in a bounded slice after it.
const CONNECT_CALL =
  /(?:new[ \t]+PDO|PDO->__construct|new[ \t]+mysqli|mysqli->__construct|mysqli_connect|mysql_connect|mysqli_real_connect|->real_connect|getConnection)[ \t]*\(/gi;
// Zero-based index of the password among the arguments, by callee.
const PASSWORD_ARG: Record<string, number> = { mysqli_real_connect: 3 };
// One argument: a quoted string, or anything up to the next comma or bracket (bounded).
const CALL_ARG = /[ \t]*(?:'([^'\n]{0,200})'|"([^"\n]{0,200})"|[^,()'"\n]{0,120})[ \t]*(,|\))/y;

function* findConnectCalls(text: string): Generator<Span> {
  CONNECT_CALL.lastIndex = 0;
  for (let m = CONNECT_CALL.exec(text); m !== null; m = CONNECT_CALL.exec(text)) {
    const callee = (/[\w]+(?=[ \t]*\($)/.exec(m[0])?.[0] ?? '').toLowerCase();
    const want = PASSWORD_ARG[callee] ?? 2;
    CALL_ARG.lastIndex = m.index + m[0].length;
    for (let n = 0; n <= want; n++) {
      const at = CALL_ARG.lastIndex;
      const a = CALL_ARG.exec(text);
      if (!a) break;
      const value = a[1] ?? a[2];
      if (n === want) {
        if (value !== undefined && plausiblePassword(value)) {
          const start = text.indexOf(value, at + (a[0].length - a[0].trimStart().length) + 1);
          yield { start, end: start + value.length };
        }
        break;
      }
      if (a[3] === ')') break;
    }
    CONNECT_CALL.lastIndex = Math.max(CONNECT_CALL.lastIndex, CALL_ARG.lastIndex);
  }
}

export const passwordMarkupRules: Rule[] = [
  {
    id: 'password-connect-call',
    type: 'password',
    rationale:
      "A database connection's password given as an argument: new PDO(dsn, user, 'X'), mysqli_connect(host, user, 'X'), getConnection(url, user, \"X\"); PHP stack traces print them.",
    keywords: ['new pdo', 'pdo->__construct', 'mysqli', 'mysql_connect', 'getconnection('],
    pattern: CONNECT_CALL,
    find: findConnectCalls,
    confidence: 0.8,
    samples: {
      match: [
        {
          text: "#0 Driver.php(42): PDO->__construct('mysql:host=loca...', 'nextcloud', 'NcDb#Sundsvall26', Array)",
          secret: 'NcDb#Sundsvall26',
        },
        { text: '$db = mysqli_connect("localhost", "shop", "Sh0p!db2024", "shop");', secret: 'Sh0p!db2024' },
        {
          text: '$l = mysqli_init(); mysqli_real_connect($l, "db", "app", "R3al!conn", "app");',
          secret: 'R3al!conn',
        },
        {
          text: 'DriverManager.getConnection("jdbc:mysql://db/app", "app", "Jdbc#Pass77");',
          secret: 'Jdbc#Pass77',
        },
      ],
      noMatch: [
        '$pdo = new PDO($dsn, $user, $pass);',
        "PDO->__construct('mysql:host=loca...', 'nextcloud', 'NcDb#Sundsvall...', Array)",
        'mysqli_connect("localhost", "shop", "", "shop")',
        'conn = ds.getConnection();',
      ],
    },
  },
  {
    id: 'password-xml-name-value',
    type: 'password',
    rationale:
      'XML that names a setting in one element and holds it in the next: KeePass exports, Hadoop/Hive <name>/<value> properties, .NET <setting name="…"><value>, Java <entry key="…">; the name must name a password.',
    keywords: ['</key>', '</name>', '<setting ', '<entry '],
    pattern: XML_NAME_VALUE,
    find: findXmlNameValue,
    confidence: 0.8,
    samples: {
      match: [
        {
          text: '<String><Key>Password</Key><Value ProtectInMemory="True">zcOQXa38Kn6oBu6I</Value></String>',
          secret: 'zcOQXa38Kn6oBu6I',
        },
        {
          text: '<property>\n  <name>javax.jdo.option.ConnectionPassword</name>\n  <value>H1ve#Meta22</value>\n</property>',
          secret: 'H1ve#Meta22',
        },
        {
          text: '<setting name="SmtpPassword" serializeAs="String">\n  <value>Sm7p!Relay</value>\n</setting>',
          secret: 'Sm7p!Relay',
        },
        { text: '<entry key="db.password">Pr0ps-Db#1</entry>', secret: 'Pr0ps-Db#1' },
      ],
      noMatch: [
        '<String><Key>Title</Key><Value>Router</Value></String>',
        '<String><Key>UserName</Key><Value>admin</Value></String>',
        '<name>hive.password.policy</name><value>strict</value>',
        '<String><Key>Password</Key><Value ProtectInMemory="True"></Value></String>',
        '<setting name="SmtpPassword"><value>changeme</value></setting>',
      ],
    },
  },
  // Command lines: their own table of tools and options (password-commands.ts).
  ...passwordCommandRules,
  {
    id: 'password-html-input',
    type: 'password',
    rationale: 'A pre-filled HTML password field: <input type="password" … value="X">.',
    keywords: ['type="password"', "type='password'", 'type=password'],
    pattern: PASSWORD_INPUT,
    find: findHtmlPasswords,
    confidence: 0.8,
    samples: {
      match: [{ text: '<input type="password" name="pwd" value="F0rmVal!ue">', secret: 'F0rmVal!ue' }],
      noMatch: [
        '<input type="password" name="pwd" value="">',
        '<input type="password" placeholder="Password">',
      ],
    },
  },
];
