// The project configuration: `lockstep.config.json`, or the `"lockstep"` key of a package.json, found by walking
// up from the analysed file to the first folder that has either. Its shape is the `lockstep.*` settings object,
// read by the same parser. Settings are laid in three layers, each overriding only what it sets:
//   defaults  <  the configuration file  <  overrides (the editor's explicitly set values, or the CLI's --rule)
// The file is read again after `invalidate()` (the hosts call it when files change on disk).
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import ts from 'typescript';
import { fileKindOf, readRegularFile } from './file-read';
import { DEFAULT_SETTINGS, isRecord, parseSettings } from './settings';
import type { AnalysisSettings } from './types';

export const CONFIG_FILE_NAME = 'lockstep.config.json';
export const PACKAGE_JSON_KEY = 'lockstep';

/** The settings that apply to one file, and where they came from. */
export interface FileConfiguration {
  /** The configuration file (lockstep.config.json or package.json), if one applies. */
  file?: string;
  /** The folder `ignore` globs are relative to: the configuration file's, else the nearest package.json's. */
  root: string;
  settings: AnalysisSettings;
  /** Changes whenever `settings` do: part of the findings cache key. */
  stamp: string;
  /** The configuration file's problems, each naming the file and the key. */
  errors: string[];
}

interface FileLayer {
  text: string;
  settings: AnalysisSettings;
  errors: string[];
}

export interface ConfigurationsOptions {
  ruleIds: readonly string[];
  /** Told each time a configuration file is read with new content (to log it, or its errors). */
  onFileRead?: (file: string, errors: readonly string[]) => void;
}

export class Configurations {
  /** Folder → the configuration file that applies there ('' for none). */
  private readonly lookups = new Map<string, string>();
  /** Folder → the nearest folder with a package.json (the root of a loose file's configuration). */
  private readonly packageRoots = new Map<string, string>();
  /** Configuration file → its parsed layer; kept across invalidations while its text is unchanged. */
  private readonly layers = new Map<string, FileLayer>();
  private readonly resolved = new Map<string, FileConfiguration>();
  private overrides: unknown;

  constructor(private readonly options: ConfigurationsOptions) {}

  /** The overrides laid over every configuration file; returns their problems (checked over the defaults). */
  setOverrides(raw: unknown): string[] {
    this.overrides = raw;
    this.resolved.clear();
    return parseSettings(raw, this.options.ruleIds).errors;
  }

  /** Files may have changed on disk: look for configuration files again and re-read them. */
  invalidate(): void {
    this.lookups.clear();
    this.packageRoots.clear();
    this.resolved.clear();
  }

  forFile(fileName: string): FileConfiguration {
    const dir = path.dirname(path.resolve(fileName));
    const configFile = this.configFileFor(dir);
    const key = configFile ?? `loose:${this.packageRootOf(dir)}`;
    let configuration = this.resolved.get(key);
    if (!configuration) {
      configuration = this.resolve(configFile, configFile ? path.dirname(configFile) : this.packageRootOf(dir));
      this.resolved.set(key, configuration);
    }
    return configuration;
  }

  private resolve(configFile: string | undefined, root: string): FileConfiguration {
    const layer = configFile ? this.readLayer(configFile) : { settings: DEFAULT_SETTINGS, errors: [] };
    const { settings } = parseSettings(this.overrides, this.options.ruleIds, { base: layer.settings });
    return { file: configFile, root, settings, stamp: JSON.stringify(settings), errors: layer.errors };
  }

  /** The nearest folder with a package.json (so @types resolve), else the folder itself: loose files' root. */
  packageRootOf(dir: string): string {
    let root = this.packageRoots.get(dir);
    if (root === undefined) this.packageRoots.set(dir, (root = nearestPackageRoot(dir)));
    return root;
  }

  private configFileFor(dir: string): string | undefined {
    const known = this.lookups.get(dir);
    if (known !== undefined) return known || undefined;
    const parent = path.dirname(dir);
    const found = configFileIn(dir) ?? (parent === dir ? undefined : this.configFileFor(parent));
    this.lookups.set(dir, found ?? '');
    return found;
  }

  private readLayer(file: string): FileLayer {
    const text = readText(file);
    const cached = this.layers.get(file);
    if (cached && cached.text === text) return cached;
    const layer = { text, ...parseConfigText(file, text, this.options.ruleIds) };
    this.layers.set(file, layer);
    this.options.onFileRead?.(file, layer.errors);
    return layer;
  }
}

/** lockstep.config.json in this folder, else a package.json here with a "lockstep" key. */
function configFileIn(dir: string): string | undefined {
  const configFile = path.join(dir, CONFIG_FILE_NAME);
  if (isFile(configFile)) return configFile;
  const packageJson = path.join(dir, 'package.json');
  return isFile(packageJson) && hasLockstepKey(packageJson) ? packageJson : undefined;
}

function hasLockstepKey(packageJson: string): boolean {
  const parsed = readJson(packageJson, readText(packageJson));
  return isRecord(parsed.value) && parsed.value[PACKAGE_JSON_KEY] !== undefined;
}

/** Parses a configuration file's text: a lockstep.config.json is the settings object; a package.json holds it under "lockstep". */
export function parseConfigText(file: string, text: string, ruleIds: readonly string[]): { settings: AnalysisSettings; errors: string[] } {
  const isPackageJson = path.basename(file) === 'package.json';
  const { value, error } = readJson(file, text);
  const named = (problem: string) => `${file}: ${problem}`;
  if (error !== undefined) return { settings: DEFAULT_SETTINGS, errors: [named(error)] };
  const raw = isPackageJson && isRecord(value) ? value[PACKAGE_JSON_KEY] : value;
  // In package.json the keys read as in the editor (`lockstep.rules…`); in lockstep.config.json, bare.
  const { settings, errors } = parseSettings(raw, ruleIds, { keyPrefix: isPackageJson ? `${PACKAGE_JSON_KEY}.` : '' });
  return { settings, errors: errors.map(named) };
}

/** JSON with comments and trailing commas allowed (TypeScript's own tsconfig reader). */
function readJson(file: string, text: string): { value?: unknown; error?: string } {
  const { config, error } = ts.parseConfigFileTextToJson(file, text);
  if (error) return { error: `not valid JSON: ${ts.flattenDiagnosticMessageText(error.messageText, ' ')}` };
  return { value: config };
}

/** The first `ignore` glob that matches the file, if any. A glob without wildcards also matches what is below it. */
export function ignoringGlob(fileName: string, configuration: FileConfiguration): string | undefined {
  const relative = path.relative(configuration.root, path.resolve(fileName)).split(path.sep).join('/');
  if (relative.startsWith('../') || path.isAbsolute(relative)) return undefined;
  return configuration.settings.ignore.find((glob) => matchersOf(glob).some((matcher) => matcher.match(relative)));
}

/** Each glob compiled once (the glob itself, and everything below it), not once per file asked about. */
const matchers = new Map<string, Minimatch[]>();

function matchersOf(glob: string): Minimatch[] {
  let compiled = matchers.get(glob);
  if (!compiled) {
    const pattern = glob.replace(/^\.\//, '').replace(/\/$/, '');
    compiled = [new Minimatch(pattern, { dot: true }), new Minimatch(`${pattern}/**`, { dot: true })];
    matchers.set(glob, compiled);
  }
  return compiled;
}

/** The nearest folder with a package.json (so @types resolve for loose files), else the folder itself. */
export function nearestPackageRoot(dir: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (isFile(path.join(current, 'package.json'))) return current;
    if (path.dirname(current) === current) return dir;
  }
}

function isFile(file: string): boolean {
  return fileKindOf(file).kind === 'regular';
}

function readText(file: string): string {
  return readRegularFile(file) ?? '';
}

