#!/usr/bin/env node
// The `touchstone` command. Node 20 cannot run TypeScript by itself, so tsx's loader is
// registered before the CLI module loads (ADR 0006).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(process.argv, process.env);
