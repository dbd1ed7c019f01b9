/** Helpers the benchmark scripts share. */
import fs from 'node:fs';
import type { CanonicalCsvRow } from '../packages/server/src/modules/registry/vocabulary.js';
import { CSV_HEADER, csvLine } from '../packages/server/src/seed/population.js';

export { createScratchDatabase } from '../packages/server/src/test/scratch.js';

/** Writes rows as a canonical CSV file (header first), in 1 MB writes: fast, and flat in memory. */
export function writeCanonicalCsv(file: string, rows: Iterable<CanonicalCsvRow>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let buf = CSV_HEADER + '\n';
    for (const row of rows) {
      buf += csvLine(row) + '\n';
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
