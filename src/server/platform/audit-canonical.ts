/**
 * The canonical form of an audit_log row, hashed into the chain. It must never change for a stored
 * row, whatever the driver, the engine (PGlite or PostgreSQL), the server version or the session
 * time zone, so every value is read from the database as text and never passes through a JS Date
 * or a JS number:
 *
 *   ["ponte-audit-v1", id, at, actor_user_id, actor_org_id, action, record_type, record_id,
 *    fields, outcome, ip, request_id, details]
 *
 * - id: the bigserial as a decimal string;
 * - at: UTC, ISO 8601 with microseconds, e.g. "2026-01-15T09:00:00.123456Z";
 * - uuids: lowercase text; text columns: JSON strings; SQL null: null;
 * - fields (text[]) and details (jsonb): canonical JSON — object keys sorted by UTF-16 code
 *   units, no whitespace, numbers exactly as PostgreSQL prints them (never rounded by JS).
 *
 * link hash = hex(sha256(utf8(prev_hash_hex + canonical))); the first link's prev_hash is 64 zeros.
 * A new column in audit_log needs a new version tag ("ponte-audit-v2") and a verifier that knows
 * both.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';

export const CANONICAL_VERSION = 'ponte-audit-v1';
export const GENESIS_HASH = '0'.repeat(64);

/** An audit_log row as the chain sees it: every column as text, as selected by canonicalSelectSql. */
export interface CanonicalRow {
  c_id: string;
  c_at: string;
  c_actor_user_id: string | null;
  c_actor_org_id: string | null;
  c_action: string;
  c_record_type: string | null;
  c_record_id: string | null;
  c_fields: string | null;
  c_outcome: string;
  c_ip: string | null;
  c_request_id: string | null;
  c_details: string | null;
}

/** The select list for an audit_log row aliased `a`: every column, as text. */
export const canonicalSelectSql = sql`a.id::text AS c_id,
  to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS c_at,
  a.actor_user_id::text AS c_actor_user_id,
  a.actor_org_id::text AS c_actor_org_id,
  a.action AS c_action,
  a.record_type AS c_record_type,
  a.record_id AS c_record_id,
  to_jsonb(a.fields)::text AS c_fields,
  a.outcome AS c_outcome,
  a.ip AS c_ip,
  a.request_id AS c_request_id,
  a.details::text AS c_details`;

export function canonicalEntry(row: CanonicalRow): string {
  const text = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));
  const json = (v: string | null): string => (v === null ? 'null' : canonicalJson(v));
  return `[${[
    text(CANONICAL_VERSION),
    text(row.c_id),
    text(row.c_at),
    text(row.c_actor_user_id),
    text(row.c_actor_org_id),
    text(row.c_action),
    text(row.c_record_type),
    text(row.c_record_id),
    json(row.c_fields),
    text(row.c_outcome),
    text(row.c_ip),
    text(row.c_request_id),
    json(row.c_details),
  ].join(',')}]`;
}

export function linkHash(prevHash: string, row: CanonicalRow): string {
  return createHash('sha256').update(prevHash + canonicalEntry(row), 'utf8').digest('hex');
}

/**
 * Re-serialises JSON text canonically: keys sorted, no whitespace, strings re-escaped the JSON.stringify
 * way, number tokens kept verbatim. Throws on malformed input.
 */
export function canonicalJson(input: string): string {
  const literal = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let i = 0;
  const ws = (): void => {
    while (i < input.length && ' \t\n\r'.includes(input.charAt(i))) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`canonicalJson: ${what} at offset ${i}`);
  };
  /** Reads a string token and returns its decoded value. */
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < input.length) {
      const ch = input.charAt(i);
      if (ch === '\\') i += 2;
      else if (ch === '"') {
        i++;
        return JSON.parse(input.slice(start, i)) as string;
      } else i++;
    }
    return fail('unterminated string');
  };
  const value = (): string => {
    ws();
    const ch = input.charAt(i);
    if (ch === '{') {
      i++;
      const members: Array<[string, string]> = [];
      ws();
      if (input.charAt(i) === '}') {
        i++;
        return '{}';
      }
      for (;;) {
        ws();
        if (input.charAt(i) !== '"') fail('expected key');
        const key = str();
        ws();
        if (input.charAt(i) !== ':') fail('expected colon');
        i++;
        members.push([key, value()]);
        ws();
        const sep = input.charAt(i++);
        if (sep === '}') break;
        if (sep !== ',') fail('expected , or }');
      }
      members.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    }
    if (ch === '[') {
      i++;
      const items: string[] = [];
      ws();
      if (input.charAt(i) === ']') {
        i++;
        return '[]';
      }
      for (;;) {
        items.push(value());
        ws();
        const sep = input.charAt(i++);
        if (sep === ']') break;
        if (sep !== ',') fail('expected , or ]');
      }
      return `[${items.join(',')}]`;
    }
    if (ch === '"') return JSON.stringify(str());
    literal.lastIndex = i;
    const m = literal.exec(input);
    if (!m) return fail('unexpected token');
    i += m[0].length;
    return m[0];
  };
  const out = value();
  ws();
  if (i !== input.length) fail('trailing characters');
  return out;
}
