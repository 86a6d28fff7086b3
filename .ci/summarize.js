// Reads vitest JSON reports; fails when anything failed or was skipped (CI must run every
// suite), and prints the plain closing line "N passed, N failed".
import fs from 'node:fs';

const [label, ...files] = process.argv.slice(2);
let passed = 0, failed = 0, skipped = 0;
const skippedNames = [];
for (const file of files) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.success ? 0 : report.numFailedTestSuites);
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      if (['skipped', 'pending', 'todo', 'disabled'].includes(test.status)) {
        skipped++;
        skippedNames.push(`${suite.name}: ${test.fullName}`);
      }
    }
  }
  if (report.numTotalTests === 0) failed++;
}
for (const name of skippedNames) console.error(`ci: skipped in CI (not allowed): ${name}`);
console.log(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
