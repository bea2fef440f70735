#!/usr/bin/env node
/**
 * The `ponte` command. Every sub-command validates the configuration first and prints clear
 * errors (no stack traces) when something is wrong.
 */
import { Command } from 'commander';
import { ConfigError } from '../server/platform/config.ts';
import { registerServe } from './commands/serve.ts';
import { registerAudit } from './commands/audit.ts';
import { registerCreateAdmin } from './commands/create-admin.ts';
import { registerKeys } from './commands/keys.ts';
import { registerBackup } from './commands/backup.ts';
import { registerDemo } from './commands/demo.ts';
import { registerImport } from './import.ts';
import { registerDuplicates } from './duplicates.ts';
import { registerPersons } from './persons.ts';
import { registerExport } from './commands/export.ts';
import { registerReport } from './commands/report.ts';

const program = new Command();
program.name('ponte').description('Ponte: case management, referral and monitoring for anti-trafficking networks').showHelpAfterError();

registerServe(program);
registerAudit(program);
registerCreateAdmin(program);
registerKeys(program);
registerBackup(program);
registerDemo(program);
registerImport(program);
registerDuplicates(program);
registerPersons(program);
registerExport(program);
registerReport(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(`ponte: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
