/**
 * npm run lighthouse — Lighthouse performance and accessibility of the public pages.
 *
 * Starts Ponte on the embedded database (in memory) with the demo network, Debian's Chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH), and measures each public page of bench/lighthouse/harness.ts
 * with Lighthouse's mobile preset (simulated slow 4G and a 4x slower CPU), or the desktop preset with
 * `--desktop`. Prints one line per page and exits with 1 when a page is below the targets
 * (performance 0.95, accessibility 1.0) or cannot be measured. Pages that do not exist on this
 * server (the event page before events are published) are listed as not available, without a figure.
 *
 * `--json <file>` also writes the figures as JSON.
 */
import { writeFileSync } from 'node:fs';
import { meetsTargets, runLighthouse, targets, type Preset } from './harness.ts';

const args = process.argv.slice(2);
const preset: Preset = args.includes('--desktop') ? 'desktop' : 'mobile';
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;

console.log(
  `Lighthouse ${preset === 'mobile' ? 'mobile preset (simulated slow 4G, 4x CPU slowdown)' : 'desktop preset'} on the public pages; ` +
    `targets: performance >= ${targets.performance}, accessibility >= ${targets.accessibility}. Data: the demo network on the embedded database.`,
);
const started = Date.now();
try {
  const { scores, unavailable } = await runLighthouse({ preset, log: (line) => console.log(line) });
  for (const u of unavailable) console.log(`n/a  ${u.label}: not available (${u.reason})`);
  const below = scores.filter((s) => !meetsTargets(s));
  for (const s of below) console.log(`\n${s.label} (${s.path}) is below the targets; audits without full marks:\n  ${s.failing.join('\n  ') || '(none listed)'}`);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ preset, targets, scores, unavailable, measuredAt: new Date().toISOString() }, null, 2)}\n`);
  console.log(`\n${scores.length} page(s) measured, ${unavailable.length} not available, ${below.length} below the targets, in ${Math.round((Date.now() - started) / 1000)} s.`);
  process.exitCode = below.length > 0 || scores.length === 0 ? 1 : 0;
} catch (e) {
  console.error(`Lighthouse run failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
