import { describe, expect, it } from 'vitest';
import { canonicalEntry, canonicalJson, GENESIS_HASH, linkHash, type CanonicalRow } from './audit-canonical.ts';

const row: CanonicalRow = {
  c_id: '42',
  c_at: '2026-01-15T09:00:00.123456Z',
  c_actor_user_id: '0b9d6a8e-1111-4222-8333-444455556666',
  c_actor_org_id: null,
  c_action: 'user.read',
  c_record_type: 'user',
  c_record_id: 'abc',
  c_fields: '["email", "display_name"]',
  c_outcome: 'success',
  c_ip: '127.0.0.1',
  c_request_id: 'req-1',
  c_details: '{"b": 1, "a": {"z": [1, 2.50, "x"], "y": null}}',
};

describe('canonical audit entries', () => {
  it('sorts keys, drops whitespace and keeps number tokens verbatim', () => {
    expect(canonicalJson('{"b": 1, "a": {"z": [1, 2.50, "x"], "y": null}}')).toBe('{"a":{"y":null,"z":[1,2.50,"x"]},"b":1}');
    expect(canonicalJson('{"n": 1.00000000000000000001}')).not.toBe(canonicalJson('{"n": 1.00000000000000000002}'));
    expect(canonicalJson('"\\u00e8 \\" \\n"')).toBe(JSON.stringify('è " \n'));
    expect(canonicalJson('{"\\u0062": 1, "a": true}')).toBe('{"a":true,"b":1}');
    expect(canonicalJson('[]')).toBe('[]');
    const long = `${'9'.repeat(5000)}.${'1'.repeat(3000)}`;
    expect(canonicalJson(`{"n": ${long}, "t": [true, false, null, -0.5e-7]}`)).toBe(`{"n":${long},"t":[true,false,null,-0.5e-7]}`);
    expect(canonicalJson(' { } ')).toBe('{}');
  });

  it('rejects malformed JSON', () => {
    expect(() => canonicalJson('{"a" 1}')).toThrow();
    expect(() => canonicalJson('[1,]')).toThrow();
    expect(() => canonicalJson('{"a":1} x')).toThrow();
  });

  it('serialises every column in a fixed order with a version tag', () => {
    expect(canonicalEntry(row)).toBe(
      '["ponte-audit-v1","42","2026-01-15T09:00:00.123456Z","0b9d6a8e-1111-4222-8333-444455556666",null,"user.read","user","abc",["email","display_name"],"success","127.0.0.1","req-1",{"a":{"y":null,"z":[1,2.50,"x"]},"b":1}]',
    );
  });

  it('changes the hash when any column or the previous hash changes', () => {
    const base = linkHash(GENESIS_HASH, row);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(linkHash(GENESIS_HASH, { ...row })).toBe(base);
    expect(linkHash('1'.repeat(64), row)).not.toBe(base);
    for (const key of Object.keys(row) as Array<keyof CanonicalRow>) {
      const changed = { ...row, [key]: key === 'c_fields' ? '["email"]' : key === 'c_details' ? '{}' : `${row[key] ?? ''}x` };
      expect(linkHash(GENESIS_HASH, changed), key).not.toBe(base);
    }
    expect(linkHash(GENESIS_HASH, { ...row, c_at: '2026-01-15T09:00:00.123457Z' })).not.toBe(base);
    expect(linkHash(GENESIS_HASH, { ...row, c_actor_org_id: '' })).not.toBe(base);
  });
});

describe('anchors', () => {
  it('parses position:hash and rejects anything else', async () => {
    const { parseAnchor } = await import('./audit-verify.ts');
    expect(parseAnchor(`12:${'A'.repeat(64)}`)).toEqual({ position: '12', hash: 'a'.repeat(64) });
    for (const bad of ['nope', '12', `x:${'a'.repeat(64)}`, `12:${'a'.repeat(63)}`, `-1:${'a'.repeat(64)}`]) expect(() => parseAnchor(bad)).toThrow(/invalid anchor/);
  });
});
