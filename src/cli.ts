#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { DataDirLocked } from './adapters/data-dir-lock.js';
import { ListenError } from './adapters/listen-error.js';
import { KeyringError } from './adapters/vault/keyring.js';
import { adminCommand } from './cli/admin-commands.js';
import { parseCommandLine } from './cli/command-line.js';
import { helpText } from './cli/help.js';
import { queueCommand } from './cli/queue-command.js';
import { scanCommand } from './cli/scan-command.js';
import { UsageError } from './cli/usage-error.js';
import { quarantineCommand, ticketsCommand } from './cli/vault-commands.js';
import { ConfigError, loadConfig, maskSecrets } from './config.js';
import { startGateway } from './main.js';
import { detectorOptionsFrom } from './stages/detect/detector-config.js';
import { NotFound } from './workflows/quarantine-admin.js';

const EXIT_USAGE = 2;
const EXIT_TEMPFAIL = 75; // sysexits EX_TEMPFAIL: another gateway holds the data directory; try later
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
  const line = parseCommandLine(argv);
  if (line.kind === 'help') {
    out(helpText(line.topic));
    return 0;
  }
  if (line.kind === 'version') {
    out(version());
    return 0;
  }
  const { spec, args, options: o } = line;
  const [command, action = ''] = spec.path;
  const config = () => loadConfig({ file: o.config });
  switch (command) {
    case 'serve':
      await serve(o.config);
      return -1; // keeps running
    case 'config':
      out(stringify(maskSecrets(config())).trimEnd());
      return 0;
    case 'queue':
      return queueCommand(config(), action, args[0], o, out);
    case 'scan': {
      const c = config();
      return scanCommand(
        args,
        {
          json: o.json,
          showSecrets: o.showSecrets,
          ...(o.out ? { outDir: o.out } : {}),
          limits: c.detect.limits,
          detectorOptions: detectorOptionsFrom(c),
        },
        out,
      );
    }
    case 'quarantine':
      return quarantineCommand(config(), action, args[0], o, out, (b) => process.stdout.write(b));
    case 'tickets':
      return ticketsCommand(config(), action, args[0], o, out);
    default:
      return adminCommand(config(), spec.path, o, out);
  }
}

/** The exit status for an error: sysexits-style codes a service manager can tell apart. */
function exitCodeOf(err: unknown): number {
  if (err instanceof DataDirLocked) return EXIT_TEMPFAIL;
  if (err instanceof ConfigError || err instanceof KeyringError || err instanceof ListenError)
    return EXIT_CONFIG;
  if (err instanceof UsageError || err instanceof NotFound) return EXIT_USAGE;
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`deskguard: ${(err as Error).message.split('\n')[0]}\n`);
    process.exit(exitCodeOf(err));
  },
);
