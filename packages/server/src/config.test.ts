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

  it('refuses a proxy setting that is not false, a hop count or addresses, naming it', () => {
    expect(() => loadConfig({ HOMECOMING_TRUST_PROXY: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOMECOMING_TRUST_PROXY: 'yes' })).toThrow(/HOMECOMING_TRUST_PROXY/);
    expect(() => loadConfig({ HOMECOMING_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/10\.0\.0\.0\/33/);
    expect(() => loadConfig({ HOMECOMING_TRUST_PROXY: '0' })).toThrow(/hop count/);
  });

  it('reads the operations settings (issue #16) and refuses unsafe ones, naming them', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://h/db',
      DATABASE_READ_URL: 'postgres://replica/db',
      HOMECOMING_METRICS_PORT: '9464',
      HOMECOMING_METRICS_TOKEN: 'a-random-secret-of-32-characters',
    });
    expect(c.databaseReadUrl).toBe('postgres://replica/db');
    expect(c.metrics).toEqual({ port: 9464, host: '127.0.0.1', token: 'a-random-secret-of-32-characters' });
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica/db' })).toThrow(
      /DATABASE_READ_URL: a read replica needs DATABASE_URL/,
    );
    expect(() => loadConfig({ HOMECOMING_METRICS_TOKEN: 'short' })).toThrow(/HOMECOMING_METRICS_TOKEN/);
    expect(() => loadConfig({ HOMECOMING_METRICS_PORT: '70000' })).toThrow(/HOMECOMING_METRICS_PORT/);
  });

  it('refuses trusting every proxy hop (true), and says why', () => {
    expect(() => loadConfig({ HOMECOMING_TRUST_PROXY: 'true' })).toThrow(
      /HOMECOMING_TRUST_PROXY: true would trust every hop/,
    );
  });

  it('takes a hop count, or a list of trusted addresses and CIDR ranges', () => {
    expect(loadConfig({ HOMECOMING_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ HOMECOMING_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'loopback',
    ]);
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
