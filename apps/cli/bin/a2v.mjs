#!/usr/bin/env node
// The `a2v` command. Sources are TypeScript run through tsx's loader, so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
