import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { pickLocale } from './i18n.ts';
import { PonteError } from './errors.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.PONTE_DATA_DIR).toBe('./data');
    expect(c.PONTE_SESSION_IDLE_MINUTES).toBe(15);
    expect(c.PONTE_SESSION_ABSOLUTE_MINUTES).toBe(720);
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', PONTE_MASTER_KEY: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).toContain('PONTE_MASTER_KEY');
  });

  it('ignores empty values and unrelated variables', () => {
    expect(loadConfig({ PORT: '', HOME: '/root' }).PORT).toBe(3000);
  });
});

describe('locale', () => {
  it('defaults to Italian', () => {
    expect(pickLocale(undefined)).toBe('it');
    expect(pickLocale('fr-FR,de;q=0.5')).toBe('it');
  });
  it('follows Accept-Language quality order', () => {
    expect(pickLocale('en-GB,en;q=0.9,it;q=0.8')).toBe('en');
    expect(pickLocale('fr;q=1,it;q=0.9,en;q=0.8')).toBe('it');
  });
  it('lets the profile win', () => {
    expect(pickLocale('it', 'en')).toBe('en');
  });
});

describe('errors', () => {
  it('speak both languages and keep detail out of the message', () => {
    const e = new PonteError({ code: 'not_found', detail: 'secret table name' });
    expect(e.status).toBe(404);
    expect(e.messageFor('it')).toBe('Non trovato.');
    expect(e.messageFor('en')).toBe('Not found.');
    expect(e.messageFor('en')).not.toContain('secret');
  });
});

describe('trusted proxies', () => {
  it('are off by default, a hop count, or a list of addresses', () => {
    expect(loadConfig({}).PONTE_TRUST_PROXY).toBe(false);
    expect(loadConfig({ PONTE_TRUST_PROXY: '1' }).PONTE_TRUST_PROXY).toBe(1);
    expect(loadConfig({ PONTE_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16' }).PONTE_TRUST_PROXY).toEqual(['10.0.0.1', '192.168.0.0/16']);
  });
  it('never trust every hop', () => {
    expect(() => loadConfig({ PONTE_TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ PONTE_TRUST_PROXY: '*' })).toThrow(ConfigError);
  });
});
