#!/usr/bin/env node
// The CLI runs from its TypeScript sources through tsx (a dependency of the workspace).
import { tsImport } from 'tsx/esm/api';

const { runCommand } = await tsImport('../src/program.ts', import.meta.url);
process.exitCode = await runCommand(process.argv.slice(2));
