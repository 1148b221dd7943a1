#!/usr/bin/env node
// The griddesk command runs the built CLI (npm run build makes out/main/cli.js).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(
    'griddesk: not built yet. Run "npm run build" in the GridDesk folder first.\n',
  );
  process.exit(2);
}
require(cli);
