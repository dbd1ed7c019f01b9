import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has safe defaults: loopback, port 3000, embedded database in ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, auth: 'local' });
    expect(c.dataDir).toMatch(/\/data$/);
    expect(c.requestTimeoutMs).toBeGreaterThan(0);
  });

  it('names each invalid variable', () => {
    expect(() => loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://h/db' })).toThrow(/PORT[\s\S]*DATABASE_URL/);
  });

  it('refuses to listen beyond this machine while every local request acts as a registrar', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST: 0\.0\.0\.0 is not a loopback address/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
