/**
 * Types of the linkage module: the plaintext identity given to the encoder (held in memory only,
 * never stored by this module) and the keyed encodings that are stored and compared.
 */
import { z } from 'zod';

export const personNameSchema = z.object({
  given: z.string().max(200).optional(),
  family: z.string().max(200).optional(),
  /** a name written as one string (order unknown), e.g. an alias or a nickname */
  full: z.string().max(400).optional(),
});
export type PersonName = z.infer<typeof personNameSchema>;

export const birthDateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), year: z.number().int(), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
  z.object({ kind: z.literal('year'), year: z.number().int() }),
  /** estimated: the person was born between these years (inclusive), e.g. from an estimated age */
  z.object({ kind: z.literal('range'), fromYear: z.number().int(), toYear: z.number().int() }),
]);
export type BirthDate = z.infer<typeof birthDateSchema>;

export const linkageIdentitySchema = z.object({
  /** the first name is the primary one, the others are aliases */
  names: z.array(personNameSchema).max(20),
  birthDate: birthDateSchema.optional(),
  sex: z.string().max(20).optional(),
  /** ISO 3166 codes */
  citizenships: z.array(z.string().max(3)).max(5).optional(),
  documents: z.array(z.object({ number: z.string().max(60), type: z.string().max(40).optional() })).max(20).optional(),
  phones: z.array(z.string().max(40)).max(20).optional(),
});
export type LinkageIdentity = z.infer<typeof linkageIdentitySchema>;

/** Keyed encoding of a birth date: 32-bit keyed tags, comparable for equality only. */
export interface EncodedBirth {
  /** tag of the full date (exact dates only) */
  date?: number;
  /** tag of the date with day and month swapped (exact dates with day ≤ 12 and day ≠ month) */
  swapped?: number;
  /** tag of year+month (exact dates) */
  yearMonth?: number;
  /** tag of month+day (exact dates) */
  monthDay?: number;
  /** tags of every possible birth year (one for exact/year-only, several for a range) */
  years: Uint32Array;
  /** tags of the possible birth years widened by the near-year tolerance */
  yearsNear: Uint32Array;
}

/**
 * The keyed encoding of a person: everything needed to search and compare, nothing that reveals
 * a name, birth date or document number without the linkage key.
 */
export interface EncodedPerson {
  /** Bloom filter size in bits (a multiple of 32) */
  bits: number;
  /** one Bloom filter per name token, concatenated: tokenCount × bits/32 words */
  filters: Uint32Array;
  /** popcount of each token filter */
  filterPop: Uint16Array;
  /** 32-bit keyed tag of each token's phonetic key */
  phonetic: Uint32Array;
  /** which name (0 = primary, 1… = aliases) each token belongs to */
  nameOf: Uint8Array;
  /** blind index (HMAC, base64url) of each whole normalised name, tokens sorted */
  names: string[];
  birth?: EncodedBirth;
  sex?: string;
  citizenships: string[];
  /** blind indexes of normalised document numbers */
  documents: string[];
  /** blind indexes of normalised phone numbers */
  phones: string[];
  /** keyed blocking keys (base64url of 8 bytes): stored in a (person_id, key) table */
  blockingKeys: string[];
  /**
   * the blocking keys that stand for a whole name (phonetic keys of token pairs, or of a single
   * token): how many persons share one estimates how common the name is
   */
  nameKeys: string[];
}
