// npm run kafka:start | kafka:stop | kafka:status | kafka:logs | kafka:reset
import { createReadStream } from 'node:fs';
import { BrokerError, logFile, reset, start, status, stop } from './process-broker.ts';

const command = process.argv[2];

async function main(): Promise<void> {
  switch (command) {
    case 'start': {
      const { bootstrap } = await start();
      process.stdout.write(`${bootstrap}\n`);
      return;
    }
    case 'stop':
      await stop();
      return;
    case 'status': {
      const s = status();
      process.stdout.write(s.running ? `running (pid ${s.pid}) at ${s.bootstrap}\n` : 'not running\n');
      process.exitCode = s.running ? 0 : 3;
      return;
    }
    case 'logs':
      createReadStream(logFile()).pipe(process.stdout);
      return;
    case 'reset':
      await reset();
      return;
    default:
      process.stderr.write('usage: node tools/kafka/broker.ts start|stop|status|logs|reset\n');
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[kafka] ${error instanceof BrokerError ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
