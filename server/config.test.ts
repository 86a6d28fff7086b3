import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): { variable: string; reason: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs embedded with no variables set at all', () => {
    const config = loadConfig({});
    expect(config.db.databaseUrl).toBeUndefined();
    expect(config.http.port).toBe(3000);
    expect(config.bank.timeZone).toBe('Asia/Shanghai');
    expect(config.feishu.enabled).toBe(false);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' }).http.port).toBe(3000);
  });

  it('names the variable when a number is not a number', () => {
    expect(problemsOf({ PORT: 'eighty' }).map((p) => p.variable)).toEqual(['PORT']);
  });

  it('names every bad variable at once', () => {
    const variables = problemsOf({ PORT: '70000', BANK_TIMEZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x' }).map((p) => p.variable);
    expect(variables.sort()).toEqual(['BANK_TIMEZONE', 'DATABASE_URL', 'PORT']);
  });

  it('rejects a Feishu app id without its secret, naming the missing one', () => {
    expect(problemsOf({ FEISHU_APP_ID: 'cli_a1' })).toEqual([{ variable: 'FEISHU_APP_SECRET', reason: expect.stringContaining('required') }]);
  });

  it('accepts a private Feishu deployment base URL and rejects anything else', () => {
    expect(loadConfig({ FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'b', FEISHU_VERIFICATION_TOKEN: 'v', FEISHU_DOMAIN: 'https://open.bank.example:8443' }).feishu)
      .toMatchObject({ enabled: true, domain: 'https://open.bank.example:8443', transport: 'ws', replayWindowSeconds: 300 });
    expect(problemsOf({ FEISHU_DOMAIN: 'larksuite' }).map((p) => p.variable)).toEqual(['FEISHU_DOMAIN']);
  });

  it('requires the verification token with Feishu credentials: it is how events prove they are ours', () => {
    expect(problemsOf({ FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'b' })).toEqual([{ variable: 'FEISHU_VERIFICATION_TOKEN', reason: expect.stringContaining('required') }]);
  });

  it('refuses an app id the long-connection client would silently ignore', () => {
    expect(problemsOf({ FEISHU_APP_ID: 'my-app', FEISHU_APP_SECRET: 'b', FEISHU_VERIFICATION_TOKEN: 'v' }).map((p) => p.variable)).toEqual(['FEISHU_APP_ID']);
    expect(loadConfig({ FEISHU_APP_ID: 'my-app', FEISHU_APP_SECRET: 'b', FEISHU_VERIFICATION_TOKEN: 'v', FEISHU_TRANSPORT: 'webhook' }).feishu).toMatchObject({ enabled: true, transport: 'webhook' });
  });

  it('turns the console on without Feishu, and reads quiet hours', () => {
    expect(loadConfig({}).bot).toEqual({ console: true, quietHours: '22:00-08:00' });
    expect(loadConfig({ FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'b', FEISHU_VERIFICATION_TOKEN: 'v', BOT_QUIET_HOURS: 'off' }).bot).toEqual({ console: false, quietHours: null });
    expect(problemsOf({ BOT_QUIET_HOURS: '22-8' }).map((p) => p.variable)).toEqual(['BOT_QUIET_HOURS']);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });
});
