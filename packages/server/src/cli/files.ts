import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

// What the commands that write a file share: the reason a write failed in words, and a check before any work.

/** Why a file could not be written, in words (ENOENT: its folder does not exist). */
export function cannotWrite(file: string, cause: unknown): Error {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === 'ENOENT'
      ? 'its folder does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : (code ?? 'the write failed');
  return new AppError('bad_request', `cannot write ${file}: ${why}`);
}

/**
 * Refuses, before any work, a file that could not be written: its folder missing or not writable, or the path a
 * folder. A backup or an export at 1M takes minutes; the answer should not wait for them.
 */
export function checkWritable(file: string): void {
  try {
    if (fs.existsSync(file) && fs.statSync(file).isDirectory())
      throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
  } catch (err) {
    throw cannotWrite(file, err);
  }
}
