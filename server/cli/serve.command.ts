import type { Config } from '../config.ts';
import { startServer, type RunningServer, type StartOptions } from '../main.ts';
import { createLogger } from '../platform/logger.ts';
import { installProcessGuard } from '../platform/process-guard.ts';

/**
 * `touchstone serve` (npm start): serve until SIGTERM or SIGINT, then shut down gracefully
 * (stop accepting, close sockets, stop jobs, close the database) within SHUTDOWN_TIMEOUT_MS.
 * A second signal exits at once. The process guard (platform/process-guard.ts) keeps a stray
 * rejection or a connection's exception from ending the process while it serves.
 */
export async function serveUntilSignalled(
  config: Readonly<Config>,
  options: StartOptions = {},
  onStarted?: (server: RunningServer) => void,
  /** Runs first on a signal (the demo stops its simulator before the server closes). */
  beforeClose?: () => Promise<void>,
): Promise<number> {
  const logger = options.logger ?? createLogger({ level: config.log.level });
  const removeGuard = installProcessGuard({ logger });
  let server: RunningServer;
  try {
    server = await startServer(config, { ...options, logger });
  } catch (error) {
    removeGuard();
    throw error;
  }
  onStarted?.(server);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        server.logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      server.logger.info({ signal }, 'shutting down');
      Promise.resolve(beforeClose?.()).catch(() => undefined).then(() => server.close()).then(() => resolve(0), (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        resolve(1);
      }).finally(removeGuard);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
