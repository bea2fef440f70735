/** `pg_dump` of a test database (plain SQL text), for tests that search a dump. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function pgDumpPath(): string {
  const dir = process.env.PONTE_PG_BIN_DIR ?? '/usr/bin';
  const p = join(dir, 'pg_dump');
  if (!existsSync(p)) throw new Error(`pg_dump not found in ${dir} (set PONTE_PG_BIN_DIR)`);
  return p;
}

export function pgDump(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(pgDumpPath(), ['--format=plain', '--no-owner', url], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pg_dump failed: ${stderr.toString('utf8')}`));
      else resolve(stdout);
    });
  });
}
