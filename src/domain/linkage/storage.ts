/**
 * Storage form of an encoded person, for the database: one text column (JSON with base64 typed
 * arrays, versioned) and one row per blocking key in a `(person_id, key bytea)` table. Nothing in
 * either is readable without the linkage key.
 */
import { z } from 'zod';
import type { EncodedPerson } from './types.ts';

const b64 = (a: Uint8Array | Uint16Array | Uint32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function fromB64<T extends Uint8Array | Uint16Array | Uint32Array>(s: string, make: (buf: ArrayBuffer) => T, width: number): T {
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length % width !== 0) throw new Error('corrupt linkage encoding');
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return make(copy);
}

const storedSchema = z.object({
  v: z.literal(1),
  bits: z.number().int().positive(),
  f: z.string(),
  fp: z.string(),
  ph: z.string(),
  no: z.string(),
  n: z.array(z.string()),
  b: z
    .object({
      d: z.number().optional(),
      s: z.number().optional(),
      ym: z.number().optional(),
      md: z.number().optional(),
      y: z.string(),
      yn: z.string(),
    })
    .optional(),
  sex: z.string().optional(),
  c: z.array(z.string()),
  doc: z.array(z.string()),
  tel: z.array(z.string()),
  k: z.array(z.string()),
  nk: z.array(z.string()),
});

/** Encoded person → compact JSON text for a database column. */
export function toStoredEncoding(e: EncodedPerson): string {
  const stored: z.infer<typeof storedSchema> = {
    v: 1,
    bits: e.bits,
    f: b64(e.filters),
    fp: b64(e.filterPop),
    ph: b64(e.phonetic),
    no: b64(e.nameOf),
    n: e.names,
    c: e.citizenships,
    doc: e.documents,
    tel: e.phones,
    k: e.blockingKeys,
    nk: e.nameKeys,
  };
  if (e.birth) {
    stored.b = { y: b64(e.birth.years), yn: b64(e.birth.yearsNear) };
    if (e.birth.date !== undefined) stored.b.d = e.birth.date;
    if (e.birth.swapped !== undefined) stored.b.s = e.birth.swapped;
    if (e.birth.yearMonth !== undefined) stored.b.ym = e.birth.yearMonth;
    if (e.birth.monthDay !== undefined) stored.b.md = e.birth.monthDay;
  }
  if (e.sex !== undefined) stored.sex = e.sex;
  return JSON.stringify(stored);
}

/** JSON text from the database → encoded person (throws on a corrupt or unknown format). */
export function fromStoredEncoding(text: string): EncodedPerson {
  const s = storedSchema.parse(JSON.parse(text));
  const u32 = (x: string): Uint32Array => fromB64(x, (b) => new Uint32Array(b), 4);
  const e: EncodedPerson = {
    bits: s.bits,
    filters: u32(s.f),
    filterPop: fromB64(s.fp, (b) => new Uint16Array(b), 2),
    phonetic: u32(s.ph),
    nameOf: fromB64(s.no, (b) => new Uint8Array(b), 1),
    names: s.n,
    citizenships: s.c,
    documents: s.doc,
    phones: s.tel,
    blockingKeys: s.k,
    nameKeys: s.nk,
  };
  if (e.filters.length !== e.filterPop.length * (s.bits / 32)) throw new Error('corrupt linkage encoding');
  if (s.b) {
    e.birth = { years: u32(s.b.y), yearsNear: u32(s.b.yn) };
    if (s.b.d !== undefined) e.birth.date = s.b.d;
    if (s.b.s !== undefined) e.birth.swapped = s.b.s;
    if (s.b.ym !== undefined) e.birth.yearMonth = s.b.ym;
    if (s.b.md !== undefined) e.birth.monthDay = s.b.md;
  }
  if (s.sex !== undefined) e.sex = s.sex;
  return e;
}

/** A blocking key as bytes, for a `bytea` column. */
export function blockingKeyBytes(key: string): Uint8Array {
  return new Uint8Array(Buffer.from(key, 'base64url'));
}

/** Bytes from a `bytea` column → the blocking key string used by the encoder. */
export function blockingKeyFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
