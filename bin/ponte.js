#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader (installed as a dependency).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
