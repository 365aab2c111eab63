#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module';
const require = __createRequire(import.meta.url);

// src/cli.ts
console.log("copilot-seats: not implemented yet");
