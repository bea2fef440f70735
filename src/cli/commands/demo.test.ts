import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/platform/config.ts';
import { demoPassword } from './demo.ts';

describe('demo password', () => {
  it('uses PONTE_DEMO_PASSWORD, else generates one once and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ponte-demo-'));
    try {
      expect(demoPassword(loadConfig({ PONTE_DATA_DIR: dir, PONTE_DEMO_PASSWORD: 'a-long-demo-password' }))).toEqual({ password: 'a-long-demo-password', source: 'env' });
      const first = demoPassword(loadConfig({ PONTE_DATA_DIR: dir }));
      expect(first.source).toBe('generated');
      expect(first.password.length).toBeGreaterThanOrEqual(12);
      expect(statSync(join(dir, 'demo-password.txt')).mode & 0o777).toBe(0o600);
      expect(demoPassword(loadConfig({ PONTE_DATA_DIR: dir }))).toEqual({ password: first.password, source: 'file' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
