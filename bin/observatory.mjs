#!/usr/bin/env node
// The observatory CLI. TypeScript sources run through tsx, so there is no separate compile step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
