import { IsOptional } from 'class-validator';
import { ServiceConfig } from './common.config';
import { ConfigError, loadConfig } from './load-config';

class ExampleConfig extends ServiceConfig {
  @IsOptional() SECRET_THING?: string;
}

describe('loadConfig', () => {
  const base = { DATABASE_URL: 'postgres://localhost/roster_test' };

  it('reads variables, converts numbers and booleans, and keeps defaults', () => {
    const config = loadConfig(ExampleConfig, { ...base, HTTP_PORT: '4100', DATABASE_CREATE: 'true' });
    expect(config).toMatchObject({ DATABASE_URL: base.DATABASE_URL, HTTP_PORT: 4100, DATABASE_CREATE: true });
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.RPC_TIMEOUT_MS).toBe(5000);
  });

  it('names every missing or wrong variable', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig(ExampleConfig, { HTTP_PORT: 'eighty', NATS_URL: 'http://nats' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.message;
    expect(text).toContain('DATABASE_URL');
    expect(text).toContain('HTTP_PORT');
    expect(text).toContain('NATS_URL');
  });

  it('ignores variables the config does not declare', () => {
    const config = loadConfig(ExampleConfig, { ...base, UNRELATED: 'x' }) as unknown as Record<
      string,
      unknown
    >;
    expect(config.UNRELATED).toBeUndefined();
  });
});
