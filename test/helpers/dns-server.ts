import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type Answer } from 'dns-packet';

/**
 * A tiny authoritative DNS server on 127.0.0.1 for tests, so nothing ever reaches a real resolver.
 * The zone format follows the OpenSPF suites' `zonedata`: lower-cased name → list of records.
 *
 * UDP plus TCP on the same port: node's c-ares sends no EDNS0, so UDP answers stop at 512 octets and
 * anything larger (a 2048-bit DKIM key with its TXT overhead, long SPF records) goes out with the TC
 * bit; c-ares then retries over TCP, as a real resolver would.
 */
export type TxtValue = string | string[];
export type ZoneRecord =
  | { TXT: TxtValue }
  | { SPF: TxtValue }
  | { A: string }
  | { AAAA: string }
  | { MX: [number, string] }
  | { PTR: string }
  | { CNAME: string }
  /** Never answer queries for types this name has no records of. */
  | 'TIMEOUT'
  /** Answer SERVFAIL for types this name has no records of. */
  | 'SERVFAIL';
export type Zone = Record<string, ZoneRecord[]>;
export type ServerMode = 'normal' | 'servfail' | 'silent';

export interface DnsServerOptions {
  /** `servfail`: every query gets SERVFAIL; `silent`: no query is ever answered. */
  mode?: ServerMode;
  /** Answer TTL in seconds. */
  ttl?: number;
}

export interface TestDnsServer {
  port: number;
  /** `127.0.0.1:PORT`, ready for `dns.servers` / `setServers`. */
  address: string;
  setZone(zone: Zone): void;
  setMode(mode: ServerMode): void;
  /** Every question received, in order (names lower-cased, without the trailing dot). */
  queries: Array<{ name: string; type: string }>;
  close(): Promise<void>;
}

const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;
const MAX_UDP_DEFAULT = 512;
const CNAME_CHAIN_LIMIT = 8;

const normalise = (name: string) => name.toLowerCase().replace(/\.$/, '');

/** Latin-1 when every code point fits in a byte, so "\x80"-style test data arrives as one octet each. */
const toBytes = (s: string) => Buffer.from(s, /^[\u0000-\u00ff]*$/.test(s) ? 'latin1' : 'utf8');

/** A TXT/SPF rdata: a plain string is one text split into 255-octet character-strings (RFC 7208 3.3). */
function txtStrings(value: TxtValue): Buffer[] {
  if (Array.isArray(value)) return value.map(toBytes);
  const bytes = toBytes(value);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 255) chunks.push(bytes.subarray(i, i + 255));
  return chunks.length > 0 ? chunks : [Buffer.alloc(0)];
}

/** dns-packet has no SPF (type 99) codec: build the TXT-format rdata by hand for its raw encoder. */
const rawTxtRdata = (strings: Buffer[]) =>
  Buffer.concat(strings.flatMap((s) => [Buffer.from([s.length]), s]));

function toAnswer(name: string, record: Exclude<ZoneRecord, string>, ttl: number): Answer {
  if ('TXT' in record) return { name, type: 'TXT', ttl, data: txtStrings(record.TXT) };
  if ('SPF' in record) return { name, type: 'SPF' as 'NULL', ttl, data: rawTxtRdata(txtStrings(record.SPF)) };
  if ('A' in record) return { name, type: 'A', ttl, data: record.A };
  if ('AAAA' in record) return { name, type: 'AAAA', ttl, data: record.AAAA };
  if ('MX' in record)
    return { name, type: 'MX', ttl, data: { preference: record.MX[0], exchange: record.MX[1] } };
  if ('PTR' in record) return { name, type: 'PTR', ttl, data: record.PTR.replace(/\.$/, '') };
  return { name, type: 'CNAME', ttl, data: record.CNAME.replace(/\.$/, '') };
}

const typeOf = (record: Exclude<ZoneRecord, string>) => Object.keys(record)[0] as string;

type Reply = { rcode: number; answers: Answer[] } | 'drop';

function answerQuestion(zone: Map<string, ZoneRecord[]>, qname: string, qtype: string, ttl: number): Reply {
  let name = normalise(qname);
  const answers: Answer[] = [];
  const seen = new Set<string>();
  // Follow CNAMEs inside the zone the way an authoritative server does; a loop just ends the chain
  // (the resolver then sees no record of the asked type).
  for (let hop = 0; hop <= CNAME_CHAIN_LIMIT; hop++) {
    const records = zone.get(name);
    if (!records) return hop === 0 ? { rcode: RCODE_NXDOMAIN, answers } : { rcode: 0, answers };
    const data = records.filter((r): r is Exclude<ZoneRecord, string> => typeof r !== 'string');
    const matching = data.filter((r) => typeOf(r) === qtype);
    const owner = hop === 0 ? qname : name;
    if (matching.length > 0) {
      answers.push(...matching.map((r) => toAnswer(owner, r, ttl)));
      return { rcode: 0, answers };
    }
    // As in the OpenSPF drivers, TIMEOUT/SERVFAIL hit only the types the name has no records for
    // ("TXT present, but the SPF lookup times out").
    if (records.includes('TIMEOUT')) return 'drop';
    if (records.includes('SERVFAIL')) return { rcode: RCODE_SERVFAIL, answers: [] };
    const cname = data.find((r): r is { CNAME: string } => 'CNAME' in r);
    if (qtype === 'CNAME') return { rcode: 0, answers };
    if (!cname || seen.has(name)) return { rcode: 0, answers };
    seen.add(name);
    answers.push(toAnswer(owner, cname, ttl));
    name = normalise(cname.CNAME);
  }
  return { rcode: 0, answers };
}

function loadZone(zone: Zone): Map<string, ZoneRecord[]> {
  const map = new Map<string, ZoneRecord[]>();
  for (const [name, records] of Object.entries(zone)) {
    const key = normalise(name);
    map.set(key, [...(map.get(key) ?? []), ...(records ?? [])]);
  }
  return map;
}

export async function startDnsServer(zone: Zone, opts: DnsServerOptions = {}): Promise<TestDnsServer> {
  let records = loadZone(zone);
  let mode: ServerMode = opts.mode ?? 'normal';
  const ttl = opts.ttl ?? 300;
  const queries: TestDnsServer['queries'] = [];
  /** One response for one query packet, or null when it must go unanswered. */
  const respond = (msg: Buffer, transport: 'udp' | 'tcp'): Buffer | null => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return null; // not DNS: ignore, as a real server would
    }
    const question = query.questions?.[0];
    if (!question) return null;
    queries.push({ name: normalise(question.name), type: question.type });
    if (mode === 'silent') return null;
    const reply: Reply =
      mode === 'servfail'
        ? { rcode: RCODE_SERVFAIL, answers: [] }
        : answerQuestion(records, question.name, question.type, ttl);
    if (reply === 'drop') return null;
    const flags =
      dnsPacket.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | reply.rcode;
    const response = {
      type: 'response' as const,
      id: query.id,
      questions: [question],
      answers: reply.answers,
    };
    const bytes = dnsPacket.encode({ ...response, flags });
    const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    if (transport === 'udp' && bytes.length > (opt?.udpPayloadSize ?? MAX_UDP_DEFAULT)) {
      return dnsPacket.encode({ ...response, answers: [], flags: flags | dnsPacket.TRUNCATED_RESPONSE });
    }
    return bytes;
  };

  const onUdp = (socket: dgram.Socket) =>
    socket.on('message', (msg, rinfo) => {
      const bytes = respond(msg, 'udp');
      if (bytes) socket.send(bytes, rinfo.port, rinfo.address);
    });

  // DNS over TCP frames each message with a two-octet length (RFC 1035 4.2.2).
  const connections = new Set<net.Socket>();
  const onTcp = (conn: net.Socket) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    let buffered = Buffer.alloc(0);
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const msg = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + msg.length);
        const bytes = respond(msg, 'tcp');
        if (bytes) conn.write(Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]));
      }
    });
  };

  const { socket, tcp } = await bindPair(onUdp, onTcp);
  const { port } = socket.address();
  return {
    port,
    address: `127.0.0.1:${port}`,
    setZone: (z) => {
      records = loadZone(z);
    },
    setMode: (m) => {
      mode = m;
    },
    queries,
    close: async () => {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      // c-ares keeps TCP connections open for reuse; close() alone would wait for them forever.
      for (const conn of connections) conn.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

/** UDP takes a free port first; TCP must get the same number, so start over if that one is taken. */
async function bindPair(
  onUdp: (socket: dgram.Socket) => void,
  onTcp: (conn: net.Socket) => void,
): Promise<{ socket: dgram.Socket; tcp: net.Server }> {
  for (let attempt = 0; ; attempt++) {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const tcp = net.createServer(onTcp);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(socket.address().port, '127.0.0.1', () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      onUdp(socket);
      return { socket, tcp };
    } catch (err) {
      socket.close();
      if (attempt >= 5) throw err;
    }
  }
}
