// The baseline: a bare smtp-server that reads each message and acknowledges it, storing nothing.
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  size: 26214400,
  onData(stream, _session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => cb(null, 'Ok'));
  },
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.server.address().port }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
