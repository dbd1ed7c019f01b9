import fs from 'node:fs';

/**
 * Writes vitest.durations.json (the order in which the sequencer starts files on a clean checkout) from a
 * whole run's per-file times, as bench/ci/timesReporter.ts wrote them:
 * `npx tsx bench/ci/durations.ts bench/out/suite-times.json`. A file's duration is its import and its run
 * (tests and hooks), rounded to 100 ms.
 */
const input = process.argv[2] ?? 'bench/out/suite-times.json';
const { files } = JSON.parse(fs.readFileSync(input, 'utf8')) as {
  files: { file: string; collect: number; run: number }[];
};
const durations = Object.fromEntries(
  files
    .map((f) => [f.file, Math.round((f.collect + f.run) / 100) * 100] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
);
fs.writeFileSync(
  new URL('../../vitest.durations.json', import.meta.url),
  JSON.stringify(durations, null, 2) + '\n',
);
console.log(`vitest.durations.json: ${files.length} files from ${input}`);
