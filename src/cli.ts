#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { KeyringError } from './adapters/vault/keyring.js';
import { queueCommand } from './cli/queue-command.js';
import { scanCommand } from './cli/scan-command.js';
import { UsageError } from './cli/usage-error.js';
import { quarantineCommand, ticketsCommand, vaultAdminCommand } from './cli/vault-commands.js';
import { ConfigError, loadConfig, maskSecrets } from './config.js';
import { startGateway } from './main.js';
import { detectorOptionsFrom } from './stages/detect/detector-config.js';
import { NotFound } from './workflows/quarantine-admin.js';

const HELP = `deskguard — inbound SMTP gateway that keeps secrets out of the support mailbox

usage:
  deskguard serve [--config FILE]            run the gateway
  deskguard config print [--config FILE]     show the merged configuration, secrets masked
  deskguard queue list [--state S] [--limit N] [--json]
  deskguard queue show ID [--json]
  deskguard queue retry ID                   send a dead or held message through again
  deskguard queue dead [--json]              list dead-lettered messages
  deskguard scan [--json] [--show-secrets] [--out DIR] FILE.eml...
                                             dry run of parse, detect and redact
  deskguard quarantine list [--state quarantined|released|deleted|purged|all] [--json]
  deskguard quarantine show ID [--json]
  deskguard quarantine reveal ID --reason TEXT   print the original (audited)
  deskguard quarantine release ID [--reason TEXT] deliver the original to the helpdesk (audited)
  deskguard quarantine delete ID [--reason TEXT]  crypto-shred the original (audited)
  deskguard tickets list [--state open|solved] [--json] | show ID [--json] | solve ID
  deskguard audit list [--json] | verify
  deskguard keys rotate | list                 add a master key and re-wrap every item
  deskguard purge                              apply the retention period now
  deskguard --help | --version

Actions on quarantined mail are audited with --actor NAME, or the operating-system user.

Configuration: config/default.yaml, then --config FILE, then DESKGUARD_* variables.`;

const EXIT_USAGE = 2;
const EXIT_CONFIG = 78; // sysexits EX_CONFIG: service managers show it as a configuration error

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function serve(configFile: string | undefined): Promise<void> {
  const config = loadConfig({ file: configFile });
  const gateway = await startGateway(config, {
    onFatal: (reason) => {
      // Acknowledged mail is durable, so exiting is safe; a supervisor (systemd, Docker) restarts us.
      process.stderr.write(`deskguard: fatal: ${reason}\n`);
      process.exit(70);
    },
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    gateway.log.info({ signal }, 'signal received');
    gateway.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        gateway.log.fatal({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('uncaughtException', (err) => {
    // Every acknowledged message is durable, so dying is safe; limping on with unknown state is not.
    gateway.log.fatal({ err }, 'uncaught exception: exiting; queued mail resumes at the next start');
    gateway.log.flush();
    process.exit(70);
  });
}

export async function main(argv: string[], out = (s: string) => console.log(s)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
      json: { type: 'boolean' },
      state: { type: 'string' },
      limit: { type: 'string' },
      reason: { type: 'string' },
      actor: { type: 'string' },
      'show-secrets': { type: 'boolean' },
      out: { type: 'string' },
    },
  });
  if (values.help) {
    out(HELP);
    return 0;
  }
  if (values.version) {
    out(version());
    return 0;
  }
  const [command, action, id, ...extra] = positionals;
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
  switch (command) {
    case 'serve':
      if (action !== undefined) throw new UsageError(`serve takes no argument (got ${action})`);
      await serve(values.config);
      return -1; // keeps running
    case 'config':
      if (action !== 'print' || id !== undefined)
        throw new UsageError('usage: deskguard config print [--config FILE]');
      out(stringify(maskSecrets(loadConfig({ file: values.config }))).trimEnd());
      return 0;
    case 'queue':
      if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
      return queueCommand(
        loadConfig({ file: values.config }),
        { action, id, state: values.state, limit, json: Boolean(values.json) },
        out,
      );
    case 'scan': {
      const config = loadConfig({ file: values.config });
      return scanCommand(
        positionals.slice(1),
        {
          json: Boolean(values.json),
          showSecrets: Boolean(values['show-secrets']),
          ...(values.out ? { outDir: values.out } : {}),
          limits: config.detect.limits,
          detectorOptions: detectorOptionsFrom(config),
        },
        out,
      );
    }
    case 'quarantine':
    case 'tickets':
    case 'audit':
    case 'keys':
    case 'purge': {
      const args = {
        action,
        id,
        json: Boolean(values.json),
        state: values.state,
        limit,
        reason: values.reason,
        actor: values.actor,
      };
      if (extra.length || (command === 'purge' && action !== undefined))
        throw new UsageError(`unexpected argument ${extra[0] ?? action}`);
      const config = loadConfig({ file: values.config });
      if (command === 'quarantine')
        return quarantineCommand(config, args, out, (b) => process.stdout.write(b));
      if (command === 'tickets') return ticketsCommand(config, args, out);
      return vaultAdminCommand(config, command, args, out);
    }
    case undefined:
      throw new UsageError('a command is required (see deskguard --help)');
    default:
      throw new UsageError(`unknown command ${command} (see deskguard --help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof KeyringError) {
      process.stderr.write(`deskguard: ${err.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    const usage =
      err instanceof UsageError ||
      err instanceof NotFound ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`deskguard: ${(err as Error).message.split('\n')[0]}\n`);
    process.exit(usage ? EXIT_USAGE : 1);
  },
);
