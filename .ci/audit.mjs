// `npm audit --omit=dev --audit-level=high`, read as JSON: fails on a high or critical advisory in a
// runtime dependency. When the registry's advisory endpoint cannot be reached (a proxy that allows
// only GET answers 405), it says so loudly and does not fail: that is "not checked", not "clean".
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.warn(`WARNING: npm audit printed no JSON (exit ${run.status}); runtime dependencies NOT checked:\n${run.stdout}\n${run.stderr}`);
  process.exit(0);
}
if (report.vulnerabilities === undefined) {
  console.warn(`WARNING: npm audit could not reach the advisory database (${report.message ?? 'no message'}); runtime dependencies NOT checked`);
  process.exit(0);
}
const serious = Object.values(report.vulnerabilities).filter((v) => v.severity === 'high' || v.severity === 'critical');
for (const v of serious) console.error(`${v.severity}: ${v.name} ${v.range} (${(v.via ?? []).map((x) => (typeof x === 'string' ? x : x.title)).join('; ')})`);
if (serious.length > 0) process.exit(1);
console.log(`npm audit: no high or critical advisory in ${report.metadata?.dependencies?.prod ?? '?'} runtime dependencies`);
