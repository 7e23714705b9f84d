#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseCommandLine } from './cli/command-line.js';
import { helpText } from './cli/help.js';

// Everything else is imported by the command that needs it: `--help`, a usage error or
// `queue list` should not wait for the whole gateway (PDF reader, HTTP server, DNS) to load.

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
  const { loadConfig } = await import('./config.js');
  const { startGateway } = await import('./main.js');
  const config = loadConfig({ file: configFile });
  // The handlers go in before the gateway starts: it logs "listening" while it is still starting
  // (HTTP, threads), and a SIGTERM then (systemd, a test, an impatient admin) must still end in a
  // clean stop, not the default exit by signal. One that arrives early is acted on once started; a
  // second one during the start exits at once.
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  let requested: string | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (!gateway) {
      // A second signal while still starting (stuck on a lock, a slow disk): give up at once.
      if (requested) process.exit(1);
      requested = signal;
      return;
    }
    if (stopping) return;
    stopping = true;
    const g = gateway;
    g.log.info({ signal }, 'signal received');
    g.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        g.log.fatal({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  gateway = await startGateway(config, {
    onFatal: (reason) => {
      // Acknowledged mail is durable, so exiting is safe; a supervisor (systemd, Docker) restarts us.
      process.stderr.write(`deskguard: fatal: ${reason}\n`);
      process.exit(70);
    },
  });
  if (gateway.setupLink)
    process.stderr.write(`deskguard: create the first administrator at ${gateway.setupLink}\n`);
  if (requested) stop(requested);
  const started = gateway;
  process.on('uncaughtException', (err) => {
    // Every acknowledged message is durable, so dying is safe; limping on with unknown state is not.
    started.log.fatal({ err }, 'uncaught exception: exiting; queued mail resumes at the next start');
    started.log.flush();
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
  if (command === 'serve') {
    await serve(o.config);
    return -1; // keeps running
  }
  const { loadConfig, maskSecrets } = await import('./config.js');
  const config = loadConfig({ file: o.config });
  switch (command) {
    case 'config': {
      const { stringify } = await import('yaml');
      out(stringify(maskSecrets(config)).trimEnd());
      return 0;
    }
    case 'queue':
      return (await import('./cli/queue-command.js')).queueCommand(config, action, args[0], o, out);
    case 'scan': {
      const { scanCommand } = await import('./cli/scan-command.js');
      const { detectorOptionsFrom } = await import('./stages/detect/detector-config.js');
      return scanCommand(
        args,
        {
          json: o.json,
          showSecrets: o.showSecrets,
          ...(o.out ? { outDir: o.out } : {}),
          limits: config.detect.limits,
          detectorOptions: detectorOptionsFrom(config),
        },
        out,
      );
    }
    case 'quarantine': {
      const { quarantineCommand } = await import('./cli/vault-commands.js');
      return quarantineCommand(config, action, args[0], o, out, (b) => process.stdout.write(b));
    }
    case 'tickets':
      return (await import('./cli/vault-commands.js')).ticketsCommand(config, action, args[0], o, out);
    case 'users':
    case 'tokens': {
      const { staffCommand } = await import('./cli/staff-commands.js');
      return staffCommand(config, spec.path, args[0], o, out, {
        stdinIsTerminal: Boolean(process.stdin.isTTY),
        readStdin: async () => {
          const chunks: Buffer[] = [];
          for await (const c of process.stdin) chunks.push(c as Buffer);
          return Buffer.concat(chunks).toString('utf8');
        },
      });
    }
    default:
      return (await import('./cli/admin-commands.js')).adminCommand(config, spec.path, o, out);
  }
}

/** The exit status for an error: sysexits-style codes a service manager can tell apart. */
function exitCodeOf(err: unknown): number {
  // By name, not instanceof: the classes live in modules this file loads only when needed.
  switch ((err as Error | undefined)?.name) {
    case 'DataDirLocked':
      return EXIT_TEMPFAIL;
    case 'ConfigError':
    case 'KeyringError':
    case 'ListenError':
      return EXIT_CONFIG;
    case 'UsageError':
    case 'NotFound':
      return EXIT_USAGE;
    default:
      return 1;
  }
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
