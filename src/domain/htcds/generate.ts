/**
 * Regenerates values.ts from field-standards-2.0.csv (both in this folder):
 *   npx tsx src/domain/htcds/generate.ts
 * A development script (it reads and writes files); the modules it produces are pure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractPicklists, parseCsv, renderValuesModule } from './picklists.ts';

const csvPath = fileURLToPath(new URL('./field-standards-2.0.csv', import.meta.url));
const outPath = fileURLToPath(new URL('./values.ts', import.meta.url));

const rows = parseCsv({ text: readFileSync(csvPath, 'utf8') });
const source = renderValuesModule(extractPicklists({ rows }));
writeFileSync(outPath, source);
console.log(`wrote ${outPath}`);
