import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliProcess, spawnCli } from '../test/cli.js';
import { prepareDataDir } from '../test/databases.js';
import { EXPORT_CSV_COLUMNS, EXTRA_RECORD_COLUMNS } from '../modules/exports/service.js';
import { CANONICAL_COLUMNS } from '../modules/registry/vocabulary.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hc-cli-'));
}

describe('the homecoming command line (embedded database)', () => {
  it('lists its commands in --help', async () => {
    // The binary itself (bin/homecoming.js, built under `npm test`), as a user runs it.
    const r = await runCliProcess(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'migrate', 'import', 'export', 'seed']) expect(r.stdout).toContain(c);
  });

  it("runs a command in the test's process as a child process runs it, and leaves the process as it was", async () => {
    // The other tests run most commands in their own process (runCli); what they see must be what a
    // child `homecoming` prints and exits with: help, commander's argument errors, the CLI's own errors.
    const dir = tempDir();
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    const before = {
      env: { ...process.env },
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      console: globalThis.console,
      exit: process.exit,
      exitCode: process.exitCode,
    };
    for (const args of [
      ['import', '--help'],
      ['import', 'x.csv', '--batch-size', 'many'],
      ['no-such-command'],
    ]) {
      const [inside, child] = [await runCli(args, env), await runCliProcess(args, env)];
      expect(inside, args.join(' ')).toEqual(child);
    }
    const [inside, child] = [
      await runCli(['migrate'], { ...env, PORT: 'eighty' }),
      await runCliProcess(['migrate'], { ...env, PORT: 'eighty' }),
    ];
    expect(inside).toEqual(child);
    expect(inside.code).toBe(2);
    // Piped standard input reaches the command (a password), and refusing it exits 2 with one line.
    await prepareDataDir(env.HOMECOMING_DATA);
    const short = ['user', 'create', '--role', 'admin', '--username', 'boss'];
    expect(await runCli(short, env, 'short\n')).toEqual(await runCliProcess(short, env, 'short\n'));
    expect({
      env: { ...process.env },
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      console: globalThis.console,
      exit: process.exit,
      exitCode: process.exitCode,
    }).toEqual(before);
  });

  it('seeds relatives with --families and refuses a share outside 0 to 1 by the option’s name', async () => {
    const dir = tempDir();
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    await prepareDataDir(env.HOMECOMING_DATA);
    const refused = await runCli(['seed', '--persons', '10', '--families', '1.5'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--families.*share from 0 to 1/);
    const seeded = await runCli(['seed', '--persons', '200', '--families', '0.3'], env);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toContain('seeded 200 persons');
  });

  it('seeds generated persons, then exports one row per record with its person, as CSV and JSON lines', async () => {
    // A folder that does not exist yet: the first command creates and migrates it (the other tests start
    // from a prepared, migrated folder, which spares each an initdb and every migration).
    const dir = tempDir();
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    const seeded = await runCli(['seed', '--persons', '300', '--seed', '7'], env);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toContain('seeded 300 persons');
    const again = await runCli(['seed', '--persons', '300', '--seed', '7'], env);
    expect(again.stdout).toContain('seeded 0 persons (300 already there)');

    const csv = await runCli(['export', '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(EXPORT_CSV_COLUMNS.join(','));
    expect(lines[0]?.startsWith(['person_id', ...CANONICAL_COLUMNS].join(','))).toBe(true);
    expect(lines).toHaveLength(301);
    expect(lines.slice(1).every((l) => /^[0-9a-f-]{36},gen-/.test(l))).toBe(true);

    const out = path.join(dir, 'out.jsonl');
    const jsonl = await runCli(['export', '--format', 'jsonl', '--out', out], env);
    expect(jsonl.code).toBe(0);
    const rows = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(300);
    expect(Object.keys(rows[0])).toEqual([
      'person_id',
      ...CANONICAL_COLUMNS,
      ...EXTRA_RECORD_COLUMNS,
      'person_status',
      'person_category',
      'attributes',
    ]);
    expect(new Set(rows.map((r) => r.person_id)).size).toBe(300);

    // `homecoming export | head -1`: the reader closes the pipe early; the export ends quietly.
    const child = spawnCli(['export', '--format', 'jsonl'], env);
    let first = '';
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.once('data', (d: Buffer) => {
      first = d.toString().split('\n')[0] ?? '';
      child.stdout?.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(JSON.parse(first)).toHaveProperty('person_id');
    expect(stderr).not.toMatch(/EPIPE|error/i);
    expect(code).toBe(0);
  });

  it('exports to a file in every format, the events beside it, and says so', async () => {
    const dir = tempDir();
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    await prepareDataDir(env.HOMECOMING_DATA);
    expect((await runCli(['seed', '--persons', '5', '--seed', '3'], env)).code).toBe(0);
    for (const format of ['csv', 'jsonl', 'xlsx', 'pfif']) {
      const file = path.join(dir, `out.${format}`);
      const events = path.join(dir, `events.${format}.jsonl`);
      const r = await runCli(['export', '--format', format, '--out', file, '--events', events], env);
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      expect(r.stderr, format).toContain(`to ${file}`);
      expect(fs.statSync(file).size, format).toBeGreaterThan(100);
      expect(fs.existsSync(events), format).toBe(true);
    }
    // An .xlsx is a whole zip: it ends with the end-of-central-directory record.
    const xlsx = fs.readFileSync(path.join(dir, 'out.xlsx'));
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    expect(xlsx.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBeGreaterThan(0);
  });

  it('refuses an export to a file it cannot write, naming the file, exit 2 — never "exported" to nowhere', async () => {
    const dir = tempDir();
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    await prepareDataDir(env.HOMECOMING_DATA);
    expect((await runCli(['seed', '--persons', '5', '--seed', '3'], env)).code).toBe(0);
    const nowhere = path.join(dir, 'no-such-folder');
    for (const format of ['csv', 'jsonl', 'xlsx', 'pfif']) {
      const file = path.join(nowhere, `out.${format}`);
      const r = await runCli(['export', '--format', format, '--out', file], env);
      expect(r.code, format).toBe(2);
      expect(r.stderr, format).toContain(`cannot write ${file}`);
      expect(r.stderr, format).not.toMatch(/exported|\s+at /);
    }
    // The events file too: the records were written, the events not, and the export said it was done.
    const out = path.join(dir, 'out.csv');
    const events = path.join(nowhere, 'events.jsonl');
    const r = await runCli(['export', '--out', out, '--events', events], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot write ${events}`);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a backup or a register export to a path it cannot write before any work, in words, exit 2', async () => {
    const dir = tempDir();
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    await prepareDataDir(env.HOMECOMING_DATA);
    expect((await runCli(['seed', '--persons', '5', '--seed', '3'], env)).code).toBe(0);
    const nowhere = path.join(dir, 'no-such-folder', 'x.bak');
    for (const [args, file, why] of [
      [['backup', nowhere], nowhere, 'its folder does not exist'],
      [['backup', dir], dir, 'it is a folder'],
      [
        ['exchange', 'register-export', '--format', 'csv', '--out', nowhere],
        nowhere,
        'its folder does not exist',
      ],
    ] as const) {
      const r = await runCli([...args], env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(`cannot write ${file}: ${why}`);
      expect(r.stderr, args.join(' ')).not.toMatch(/ENOENT|\s+at /);
    }
  });

  it('imports with exit status 0 when clean, 1 with rejects, 2 when it cannot run', async () => {
    const dir = tempDir();
    const env = { HOMECOMING_DATA: path.join(dir, 'data'), DATABASE_URL: '' };
    await prepareDataDir(env.HOMECOMING_DATA);
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, 'external_id,family_name,given_name\ng1,Бойко,Іван\n');
    const ok = await runCli(['import', good, '--source', 'cli test'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/imported:\s+1/);
    expect(ok.stdout).not.toMatch(/the same file/);
    // The same file again: said (when, which run), and imported as any other.
    const again = await runCli(['import', good, '--source', 'cli test', '--json'], env);
    expect(again.code).toBe(0);
    const previous = (JSON.parse(again.stdout) as { previousRun: { runId: string; finishedAt: string } })
      .previousRun;
    expect(previous).toMatchObject({ runId: expect.any(String), finishedAt: expect.any(String) });
    const third = await runCli(['import', good, '--source', 'cli test'], env);
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/unchanged: 1/);
    expect(third.stdout).toMatch(
      /the same file was imported on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC as run [0-9a-f-]{36}/,
    );

    const mixed = path.join(dir, 'mixed.csv');
    fs.writeFileSync(mixed, 'external_id,family_name,birth_date\nm1,Бойко,1990\nm2,Бойко,1990-13-01\n');
    // Exit statuses 1 and 2 as the shell sees them: a child process.
    const some = await runCliProcess(['import', mixed, '--source', 'cli test'], env);
    expect(some.code).toBe(1);
    expect(some.stdout).toMatch(/rejected:\s+1 — see .*mixed\.csv\.rejects\.csv/);
    expect(fs.readFileSync(`${mixed}.rejects.csv`, 'utf8')).toContain(
      '3,m2,birth_date,1990-13-01 has no month 13',
    );

    const missing = await runCliProcess(['import', path.join(dir, 'nope.csv')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/error: cannot read .*nope\.csv: no such file/);
    expect(missing.stderr).not.toMatch(/\s+at /);

    // The same man's three rows, the first only a possible match when it arrives: joined at the end, or
    // (--no-relink) left for dedupe.
    const rows = (p: string, family: string): string =>
      `external_id,family_name,given_name,patronymic,sex,birth_date\n${p}1,${family},Богдан,Степанович,male,1979\n` +
      `${p}2,${family},Богдан,,male,1979-03-14\n${p}3,${family},Богдан,Степанович,male,1979-03-14\n`;
    const relinked = path.join(dir, 'relinked.csv');
    fs.writeFileSync(relinked, rows('r', 'Дзюбак'));
    const on = await runCli(['import', relinked, '--source', 'cli test', '--json'], env);
    expect(JSON.parse(on.stdout)).toMatchObject({ imported: 3, relinked: 1 });
    const apart = path.join(dir, 'apart.csv');
    fs.writeFileSync(apart, rows('a', 'Гнатюк'));
    const off = await runCli(['import', apart, '--source', 'cli test', '--json', '--no-relink'], env);
    expect(JSON.parse(off.stdout)).toMatchObject({ imported: 3, relinked: 0 });

    const badOption = await runCli(['import', good, '--batch-size', 'many'], env);
    expect(badOption.code).not.toBe(0);
    expect(badOption.stderr).toMatch(/--batch-size.*positive whole number/);

    const badConfig = await runCli(['migrate'], { ...env, PORT: 'eighty' });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/PORT/);
  });
});
