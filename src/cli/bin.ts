// The entry of the built `griddesk` command (out/main/cli.js, loaded by bin/griddesk.js).
import { runCli } from './main';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
