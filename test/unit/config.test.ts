// Configuration is read once and fails at start, naming what is missing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, readConfig, resetConfigForTests, tableConfig, tableSettings } from '../../shared/config.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  resetConfigForTests();
});

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('readConfig', () => {
  it('fails with a ConfigError naming the missing TABLE_NAME', () => {
    const error = configErrorOf(() => readConfig(tableSettings, { AWS_REGION: 'cn-north-1' }));
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('TABLE_NAME');
  });

  it('names an invalid setting, and every one that is wrong', () => {
    const error = configErrorOf(() => readConfig(tableSettings, { DYNAMODB_ENDPOINT: 'not a url' }));
    expect(error.message).toContain('TABLE_NAME');
    expect(error.message).toContain('DYNAMODB_ENDPOINT');
  });

  it('refuses an empty TABLE_NAME', () => {
    expect(configErrorOf(() => readConfig(tableSettings, { TABLE_NAME: '' })).message).toContain('TABLE_NAME');
  });

  it('reads valid settings and fills in defaults', () => {
    expect(readConfig(tableSettings, { TABLE_NAME: 'emergency', DYNAMODB_ENDPOINT: 'http://localhost:8000' })).toEqual({
      TABLE_NAME: 'emergency',
      DYNAMODB_ENDPOINT: 'http://localhost:8000',
      AWS_REGION: 'cn-north-1',
    });
  });

  it('reads the process environment once and fails when TABLE_NAME is missing from it', () => {
    // Prepare
    vi.stubEnv('TABLE_NAME', 'first-table');
    resetConfigForTests();

    // Act / Assess: cached after the first read
    expect(tableConfig().TABLE_NAME).toBe('first-table');
    vi.stubEnv('TABLE_NAME', 'second-table');
    expect(tableConfig().TABLE_NAME).toBe('first-table');

    vi.stubEnv('TABLE_NAME', undefined);
    resetConfigForTests();
    expect(configErrorOf(() => tableConfig()).message).toContain('TABLE_NAME');
  });
});
