// `lockstep simulate`: load a concurrency model (a *.model.json file, or a source file through the extractor),
// run it in the scheduler with the chosen policy, print the schedule and the final task states, and exit 1 when
// it deadlocks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchedulerError, simulate, validateModel, type SimulationResult } from '../../../scheduler/index';
import { pathToFileURL } from 'node:url';
import { isAnalysableFile } from '../analysis/project';
import { Workspace } from '../analysis/workspace';
import type { ConcurrencyModel } from '../../../model/schema';
import type { SimulateFormat, SimulateOptions } from './args';
import type { CliIo } from './check';
import { EXIT_CLEAN } from './report';
import { InputError } from './files';
import { formatSimulationChromeTrace, formatSimulationJson, formatSimulationText, type SimulationReport } from './format-simulation';

export const EXIT_DEADLOCK = 1;

const SIMULATION_FORMATTERS: Record<SimulateFormat, (report: SimulationReport) => string> = {
  text: formatSimulationText,
  json: formatSimulationJson,
  'chrome-trace': formatSimulationChromeTrace,
};

export function runSimulate(options: SimulateOptions, io: CliIo): number {
  const file = path.resolve(io.cwd, options.file);
  const model = loadModel(file, options.file);
  let result: SimulationResult;
  try {
    result = simulate(model, {
      policy: options.policy,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      instances: options.tasks,
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      timing: options.timing,
    });
  } catch (error) {
    // An unknown template in --tasks, a model that spawns without end: the input's fault, said in one line.
    if (error instanceof SchedulerError) throw new InputError(`${options.file}: ${error.message}`);
    throw error;
  }
  const report: SimulationReport = { file, cwd: io.cwd, model, result };
  io.stdout(SIMULATION_FORMATTERS[options.format](report));
  return result.outcome === 'deadlock' ? EXIT_DEADLOCK : EXIT_CLEAN;
}

/** A model file is read and checked; a source file goes through the extractor; anything else is refused. */
function loadModel(file: string, given: string): ConcurrencyModel {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new InputError(`${given}: no such file`);
  if (file.endsWith('.json')) return readModelFile(file, given);
  if (isAnalysableFile(file)) return extractFromSource(file, given);
  throw new InputError(`${given}: expected a *.model.json file or a TypeScript/JavaScript source file`);
}

/** Through the same Workspace as `check`: the file's project and configuration (a bad key is exit 2, as there). */
function extractFromSource(file: string, given: string): ConcurrencyModel {
  const workspace = new Workspace();
  try {
    const [problem] = workspace.configurationFor(file).errors;
    if (problem !== undefined) throw new InputError(problem);
    const extracted = workspace.modelOf(file, { uriOf: (other) => pathToFileURL(other).href });
    if (extracted.model === null) throw new InputError(`${given}: ${extracted.reason}`);
    return extracted.model;
  } finally {
    workspace.dispose();
  }
}

function readModelFile(file: string, given: string): ConcurrencyModel {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${given}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const validation = validateModel(json);
  if (!validation.ok) throw new InputError(`${given}: not a concurrency model: ${validation.errors.slice(0, 3).join('; ')}${validation.errors.length > 3 ? ` (and ${validation.errors.length - 3} more)` : ''}`);
  return validation.model;
}
