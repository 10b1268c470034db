#!/usr/bin/env node
// The `lockstep` command (dist/cli.js): starts the CLI bundle (dist/cli-main.js, built from ../cli.ts).
import { launch } from './launch';

launch('cli-main.js');
