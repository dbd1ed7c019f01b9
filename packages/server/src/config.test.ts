import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has safe defaults: loopback, port 3000, embedded database in ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, trustProxy: false });
    expect(c.auditDir).toMatch(/\/data\/audit$/);
    expect(c.dataDir).toMatch(/\/data$/);
    expect(c.requestTimeoutMs).toBeGreaterThan(0);
  });

  it('names each invalid variable', () => {
    expect(() => loadConfig({ PORT: 'x', DATABASE_URL: 'mysql://h/db' })).toThrow(/PORT[\s\S]*DATABASE_URL/);
  });

  it('refuses a non-boolean proxy setting, naming it', () => {
    expect(() => loadConfig({ HOMECOMING_TRUST_PROXY: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOMECOMING_TRUST_PROXY: 'yes' })).toThrow(/HOMECOMING_TRUST_PROXY/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
