import pino, { type Logger } from 'pino';

export type { Logger };
export type LogModule = 'app' | 'db' | 'http' | 'realtime' | 'jobs' | 'bot' | 'import' | 'cli' | 'demo';

/**
 * One structured logger; modules take a child with `module` set. Redaction is a second line of
 * defence: code must not pass customer PII or secrets to the logger in the first place.
 */
export function createLogger(options: { level: string; pretty?: boolean; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password', '*.password', 'secret', '*.secret', 'token', '*.token', 'authorization',
          '*.authorization', 'req.headers.authorization', 'req.headers.cookie', 'phone', '*.phone',
          'idNumber', '*.idNumber', 'id_number', '*.id_number', 'mobile', '*.mobile',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

export const moduleLogger = (root: Logger, module: LogModule): Logger => root.child({ module });
