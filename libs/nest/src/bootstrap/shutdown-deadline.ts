import type { LoggerService } from '@nestjs/common';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Once a stop signal arrives, gives the shutdown hooks `graceMs` to finish, then exits with code 1 so a
 * hanging close (a broker that stopped answering, a stuck socket) cannot keep the process alive until the
 * platform kills it. The timer does not keep a process alive that finished earlier.
 */
export function exitIfShutdownOverruns(graceMs: number, logger: LoggerService): void {
  let armed = false;
  const arm = (signal: NodeJS.Signals): void => {
    if (armed) return;
    armed = true;
    setTimeout(() => {
      logger.error(`shutdown after ${signal} did not finish within ${graceMs} ms; exiting`, 'Bootstrap');
      process.exit(1);
    }, graceMs).unref();
  };
  for (const signal of STOP_SIGNALS) process.once(signal, arm);
}
