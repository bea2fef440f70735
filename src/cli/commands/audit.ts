/**
 * `ponte audit verify` checks the sealed hash chain over the audit trail; `ponte audit seal` seals
 * the waiting entries now (the server does it in the background).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type Config } from '../../server/platform/config.ts';
import { openDatabase, type Database } from '../../db/client.ts';
import { systemSealAudit } from '../../server/platform/audit-chain.ts';
import { parseAnchor, verifyAuditChain, type AuditAnchor, type AuditVerifyResult } from '../../server/platform/audit-verify.ts';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('Audit trail: verify and seal the hash chain');

  audit
    .command('verify')
    .description('Recompute the audit hash chain and report the first broken entry; exits 1 if the chain is broken')
    .option('--anchor <position:hash>', 'a chain head recorded earlier (repeatable): checks the chain was not rewritten or truncated since', collect, [])
    .option('--json', 'print the result as JSON on stdout')
    .action(async (opts: { anchor: string[]; json?: boolean }) => {
      const config = loadConfig();
      const anchors: AuditAnchor[] = opts.anchor.map(parseAnchor);
      const database = await openExisting(config);
      try {
        const result = await withSchemaHint(() => runVerify({ database, anchors, log: (m) => console.error(m) }));
        if (opts.json) console.log(JSON.stringify(result, null, 2));
        else for (const line of describeVerifyResult(result)) console.log(line);
        if (!result.ok) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });

  audit
    .command('seal')
    .description('Seal every audit entry waiting to be linked into the chain, now')
    .action(async () => {
      const config = loadConfig();
      const database = await openExisting(config);
      try {
        console.log(`Sealing audit entries (${database.describe})…`);
        const r = await withSchemaHint(() => systemSealAudit({
          db: database.db,
          batchSize: config.PONTE_AUDIT_SEAL_BATCH,
          onBatch: (p) => console.log(`  sealed ${p.sealed} (chain now at position ${p.head.position})`),
        }));
        console.log(
          r.sealed > 0
            ? `Sealed ${r.sealed} entr${r.sealed === 1 ? 'y' : 'ies'}; head position ${r.head?.position ?? 0} hash ${r.head?.hash ?? '-'}.`
            : `Nothing to seal; head position ${r.head?.position ?? 0}${r.head ? ` hash ${r.head.hash}` : ''}.`,
        );
      } finally {
        await database.close();
      }
    });
}

/** Opens the configured database without creating an embedded one where there is none. */
async function openExisting(config: Config): Promise<Database> {
  const dir = resolve(config.PONTE_DATA_DIR, 'pglite');
  if (!config.DATABASE_URL && !existsSync(resolve(dir, 'PG_VERSION'))) {
    throw new Error(`no embedded database at ${dir}: check PONTE_DATA_DIR, or set DATABASE_URL`);
  }
  return openDatabase({ url: config.DATABASE_URL, dataDir: config.PONTE_DATA_DIR });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Turns "relation does not exist" into advice. */
async function withSchemaHint<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error && /relation "audit_(chain|log)" does not exist/.test(e.message)) {
      throw new Error('this database has no audit tables yet: run `ponte migrate` first (or check DATABASE_URL / PONTE_DATA_DIR)');
    }
    throw e;
  }
}

/** Verifies with throttled progress lines (at most one a second, plus the last). */
export async function runVerify(options: { database: Database; anchors?: AuditAnchor[]; log: (line: string) => void }): Promise<AuditVerifyResult> {
  const { database, log } = options;
  log(`Verifying the audit chain (${database.describe})…`);
  let lastPrint = 0;
  let lastChecked = 0;
  return verifyAuditChain({
    db: database.db,
    ...(options.anchors ? { anchors: options.anchors } : {}),
    onProgress: ({ checked, total }) => {
      const now = Date.now();
      if (checked === lastChecked || (now - lastPrint < 1000 && checked < total)) return;
      lastPrint = now;
      lastChecked = checked;
      const pct = total > 0 ? Math.floor((checked / total) * 100) : 100;
      log(`  checked ${checked.toLocaleString('en')} of ${total.toLocaleString('en')} links (${pct}%)`);
    },
  });
}

export function describeVerifyResult(result: AuditVerifyResult): string[] {
  const lines: string[] = [];
  const waiting =
    result.pending === 0
      ? 'No entries are waiting to be sealed.'
      : `${result.pending} entr${result.pending === 1 ? 'y is' : 'ies are'} waiting to be sealed (oldest id ${result.oldestPendingId ?? '?'}); the server seals them every few seconds, or run \`ponte audit seal\`.`;
  if (result.ok) {
    lines.push(`OK: ${result.links} link${result.links === 1 ? '' : 's'} verified, the audit chain is intact.`);
    if (result.head) {
      lines.push(`Head: position ${result.head.position}, hash ${result.head.hash}, sealed at ${result.head.sealedAt}.`);
      lines.push(`Keep "${result.head.position}:${result.head.hash}" somewhere safe: \`ponte audit verify --anchor ${result.head.position}:${result.head.hash}\` later proves the chain up to here was not rewritten.`);
    }
    lines.push(waiting);
    return lines;
  }
  const first = result.problems[0];
  lines.push(`FAILED: the audit chain is broken (${result.problemCount} problem${result.problemCount === 1 ? '' : 's'} in ${result.links} links).`);
  if (first) {
    lines.push(`First broken entry: audit_log id ${first.entryId ?? 'unknown'} at chain position ${first.position} (${first.kind}).`);
  }
  for (const p of result.problems) lines.push(`  - [${p.kind}] ${p.message}`);
  if (result.problemCount > result.problems.length) lines.push(`  … and ${result.problemCount - result.problems.length} more.`);
  lines.push(waiting);
  return lines;
}
