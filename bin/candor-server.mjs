#!/usr/bin/env node
// `npx candor-server migrate | start | purge | export`: see docs/server.md.
import { runCli } from '../dist/server.mjs';

process.exitCode = await runCli(process.argv.slice(2));
