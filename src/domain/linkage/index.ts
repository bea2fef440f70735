/**
 * Record linkage on keyed encodings: transliteration, phonetic keys, keyed Bloom filters and
 * blind indexes, comparison with reasons, an in-memory index, a labelled test-data generator.
 * Pure TypeScript (node:crypto for HMAC); the database-backed index stores `toStoredEncoding`
 * and one `(person_id, key)` row per blocking key.
 */
export { transliterate, nameTokens } from './transliterate.ts';
export { phoneticKey } from './phonetic.ts';
export { createEncoder, normaliseNameTokens, normaliseDocument, normalisePhone, type Encoder, type EncoderOptions } from './encode.ts';
export {
  addFrequencies,
  comparePersons,
  compareNames,
  compareBirth,
  evidenceOf,
  evidenceWeight,
  scoreEvidence,
  decide,
  reasonsOf,
  dice,
  defaultScoringConfig,
  reasonCodes,
  type Comparison,
  type Decision,
  type Evidence,
  type Reason,
  type ReasonCode,
  type ScoringConfig,
} from './compare.ts';
export { resolveCompetition, type CompetingCandidate, type CompetitionOptions, type CompetitionResult } from './competition.ts';
export { createMemoryIndex, type MemoryIndex, type MemoryIndexOptions, type RankedCandidate } from './memory-index.ts';
export { toStoredEncoding, fromStoredEncoding, blockingKeyBytes, blockingKeyFromBytes } from './storage.ts';
export { createRng, generatePersons, generateLabelledSet, corruptionProfiles, type GeneratedPerson, type LabelledSet, type CorruptionProfile } from './generate.ts';
export * from './types.ts';
export { createPairLedger, type PairLedger, type PairSide, type SettledPair } from './pairs.ts';
export { earlierDecisions, pairKey, withEarlierDecision, type EarlierDecision } from './decided.ts';
