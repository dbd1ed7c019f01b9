// The `homecoming` command (bin/homecoming.js runs its build). The program itself is in program.ts, which
// the tests also run in their own process (src/test/cli.ts).
import { main } from './program.js';

export { buildCli, EXIT, main } from './program.js';

await main();
