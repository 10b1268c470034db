// The `lockstep` command: parse arguments, run the command, map every outcome to an exit code. The work lives
// in cli/; this file only wires it to the process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { RULE_IDS } from './analysis/rules/index';
import { parseCommand, USAGE, UsageError } from './cli/args';
import { runCheck, type CliIo } from './cli/check';
import { runCheckWorker } from './cli/check-worker';
import { CHECK_WORKER_KIND, WorkerFailure, type WorkerData } from './cli/check-workers';
import { runMerge } from './cli/merge';
import { EXIT_USAGE } from './cli/report';
import { InputError } from './cli/files';
import { runSimulate } from './cli/simulate';

/** The bundle lives in dist/, next to the package.json that names its version. */
function toolVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCommand(argv, RULE_IDS);
    switch (command.kind) {
      case 'help':
        io.stdout(`${USAGE}\n`);
        return 0;
      case 'version':
        io.stdout(`${io.toolVersion}\n`);
        return 0;
      case 'check':
        return await runCheck(command.options, io);
      case 'merge':
        return runMerge(command.reports, io);
      case 'simulate':
        return runSimulate(command.options, io);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || error instanceof WorkerFailure) {
      io.stderr(`lockstep: ${error.message}\n`);
      return EXIT_USAGE;
    }
    // A crash is not a verdict on the code: report it and fail the run like a configuration error.
    io.stderr(`lockstep: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_USAGE;
  }
}

/**
 * The reader of the output went away (`| head -1`): the verdict stands, nothing is left to say. Any other failure
 * to write (a full disk) means the report was lost: one line, and the exit status of an input/output error.
 */
function onOutputError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit();
  try {
    fs.writeSync(2, `lockstep: cannot write the output: ${error.message}\n`);
  } catch {
    // stderr is gone too: the exit status is all that is left
  }
  process.exit(EXIT_USAGE);
}
/** The bundle started as a `--concurrency` worker thread (check-workers.ts) analyses its share, and nothing else. */
function isCheckWorker(data: unknown): data is WorkerData {
  return !isMainThread && (data as WorkerData | null)?.kind === CHECK_WORKER_KIND;
}

if (isCheckWorker(workerData)) {
  runCheckWorker(workerData.job, parentPort!);
} else {
  process.stdout.on('error', onOutputError);
  process.stderr.on('error', onOutputError);
  // exitCode rather than exit(): large outputs to a pipe must drain before the process ends.
  void main(process.argv.slice(2), {
    cwd: process.cwd(),
    toolVersion: toolVersion(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => (process.exitCode = code));
}
