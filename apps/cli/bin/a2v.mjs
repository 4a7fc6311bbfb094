#!/usr/bin/env node
// The `a2v` command. Sources are TypeScript run through tsx's loader, so a clone needs no build step.
// Both hooks: @a2v/model require()s tfjs's extensionless gradient modules, which only tsx's CommonJS
// loader resolves.
import { register as registerCjs } from 'tsx/cjs/api';
import { register } from 'tsx/esm/api';

registerCjs();
register();
await import('../src/main.ts');
