import { describe, expect, it } from 'vitest';
import { connectionArgs } from './backup.ts';

describe('pg_dump connection arguments', () => {
  it('keep passwords off the command line', () => {
    const { args, env } = connectionArgs('postgres://ponte:s3cr%40t@db.example:5433/ponte?sslmode=require&password=other');
    expect(args.join(' ')).not.toMatch(/s3cr|other|password/);
    expect(args.join(' ')).toContain('sslmode=require');
    expect(env.PGPASSWORD).toBe('other');
  });
  it('refuse a URL with an SSL key password', () => {
    expect(() => connectionArgs('postgres://db.example/ponte?sslpassword=x')).toThrow(/sslpassword/);
  });
});
