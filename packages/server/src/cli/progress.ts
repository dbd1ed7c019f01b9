import cliProgress from 'cli-progress';

/** Progress of long work: a bar with rate and ETA on a terminal, a plain line every few seconds otherwise. */
export interface Progress {
  update(done: number, detail: { rows: number }): void;
  stop(): void;
}

function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${s % 60}s`
      : `${s}s`;
}

/** Starts reporting progress towards `total` (bytes, rows …) on stderr. */
export function startProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  const started = Date.now();
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} {bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`,
        etaBuffer: 50,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { rows: 0, rate: 0 });
    return {
      update(done, { rows }) {
        const secs = (Date.now() - started) / 1000;
        bar.update(done, { rows, rate: secs > 0 ? Math.round(rows / secs) : 0 });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let announcedComplete = false;
  const every = Number(process.env['HOMECOMING_PROGRESS_INTERVAL_MS'] ?? 5000);
  return {
    update(done, { rows }) {
      const now = Date.now();
      // The input can be read to its end well before its last rows are written (a small file is one
      // read), so reaching the total announces once but does not end the reports: rows keep counting.
      const complete = done >= total;
      if (now - last < every && !(complete && !announcedComplete)) return;
      if (complete) announcedComplete = true;
      last = now;
      const secs = (now - started) / 1000;
      const rate = secs > 0 ? rows / secs : 0;
      const eta = done > 0 ? (secs * (total - done)) / done : Infinity;
      stream.write(
        `${label}: ${rows} rows, ${Math.round(rate)} rows/s, ${total > 0 ? Math.floor((100 * done) / total) : 100}%, ETA ${fmtDuration(eta)}\n`,
      );
    },
    stop() {},
  };
}
