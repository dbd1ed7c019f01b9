#!/usr/bin/env node
// The `homecoming` command. It runs the compiled CLI, built by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('homecoming is not built yet: run `npm run build` in the repository root');
  process.exit(2);
}
await import(entry.href);
