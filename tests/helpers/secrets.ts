/**
 * Looks for secrets (names, document numbers, phone numbers…) in raw bytes: a database dump, the
 * files of a data directory, an export. Each secret is searched as UTF-8 in the spellings a system
 * is likely to store (as given, upper case, lower case, and for values with separators the
 * letters and digits alone), and as UTF-16LE when it is Latin text, which some tools write.
 *
 *   const hits = scanForSecrets({ dir: dataDir, secrets: ['Amina Okoro', 'AB1234567'] });
 *   expect(hits).toEqual([]);
 *
 * A scanner that finds nothing proves nothing: pair every use with a control value that must be
 * found (e.g. an organisation name stored in clear).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SecretHit {
  secret: string;
  /** the spelling found */
  variant: string;
  encoding: 'utf8' | 'utf16le';
  /** file path, or "(buffer)" */
  where: string;
  offset: number;
}

/** The spellings of a secret that are searched for. */
export function secretVariants(secret: string): string[] {
  const out = new Set<string>([secret, secret.normalize('NFC'), secret.normalize('NFD'), secret.toUpperCase(), secret.toLowerCase()]);
  const compact = secret.replace(/[\s./()+-]/g, '');
  if (compact.length >= 4 && compact !== secret) {
    out.add(compact);
    out.add(compact.toUpperCase());
  }
  return [...out].filter((v) => Buffer.byteLength(v, 'utf8') >= 4);
}

const isLatin = (s: string): boolean => /^[\p{Script=Latin}\p{N}\p{P}\p{Zs}+]+$/u.test(s);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** Every occurrence of any secret in the buffers, files or directory trees given. */
export function scanForSecrets(options: { secrets: readonly string[]; buffers?: ReadonlyArray<{ name: string; data: Buffer }>; files?: readonly string[]; dirs?: readonly string[] }): SecretHit[] {
  const needles: Array<{ secret: string; variant: string; encoding: 'utf8' | 'utf16le'; bytes: Buffer }> = [];
  for (const secret of options.secrets) {
    for (const variant of secretVariants(secret)) {
      needles.push({ secret, variant, encoding: 'utf8', bytes: Buffer.from(variant, 'utf8') });
      if (isLatin(variant)) needles.push({ secret, variant, encoding: 'utf16le', bytes: Buffer.from(variant, 'utf16le') });
    }
  }
  const sources: Array<{ name: string; read: () => Buffer }> = [
    ...(options.buffers ?? []).map((b) => ({ name: b.name, read: () => b.data })),
    ...[...(options.files ?? []), ...(options.dirs ?? []).flatMap(filesUnder)].map((f) => ({ name: f, read: () => (statSync(f).size > 0 ? readFileSync(f) : Buffer.alloc(0)) })),
  ];
  const hits: SecretHit[] = [];
  for (const source of sources) {
    const data = source.read();
    for (const n of needles) {
      let at = data.indexOf(n.bytes);
      while (at >= 0) {
        hits.push({ secret: n.secret, variant: n.variant, encoding: n.encoding, where: source.name, offset: at });
        at = data.indexOf(n.bytes, at + 1);
      }
    }
  }
  return hits;
}

/** How many files (and bytes) a scan of these directories reads: to show a scan was not empty. */
export function scannedSize(dirs: readonly string[]): { files: number; bytes: number } {
  const files = dirs.flatMap(filesUnder);
  return { files: files.length, bytes: files.reduce((a, f) => a + statSync(f).size, 0) };
}
