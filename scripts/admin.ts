// The admin CLI: `npm run admin -- <command> [options]` (see src/operations/admin-cli.ts).
import { adminCli } from '../src/operations/admin-cli.js';

const { code, out, err } = await adminCli(process.argv.slice(2));
for (const line of out) console.log(line);
for (const line of err) console.error(line);
process.exitCode = code;
