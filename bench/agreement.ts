// Agreement between Lockstep's promise rules and another tool's twins on the same corpus: findings matched by
// rule pair, file and line; counts of both, only ours, only theirs, and every difference listed (with their
// kind — typescript-eslint's messageId, oxlint's message, the experiment's kind — which names the case).
// The other tools' reports become TheirFinding lists here: ESLint's JSON formatter, oxlint's, the TypeScript 7
// experiment's (bench/ts7-floating-promise).
import * as path from 'node:path';
import type { JsonReport } from '../server/src/cli/format-json';
import { TS_ESLINT_RULES, type EslintFileResult } from './eslint-reference';

export interface RulePair {
  ours: string;
  theirs: string;
}

export const ESLINT_PAIRS: readonly RulePair[] = [
  { ours: 'floating-promise', theirs: TS_ESLINT_RULES.floating },
  { ours: 'misused-promise', theirs: TS_ESLINT_RULES.misused },
];

export interface Difference {
  at: string;
  kind: string;
  message: string;
}

/** A finding of the other tool: its rule, `file:line` (the file relative to the corpus folder), its kind. */
export interface TheirFinding extends Difference {
  rule: string;
}

export interface PairAgreement {
  ours: string;
  theirs: string;
  both: number;
  onlyOurs: number;
  onlyTheirs: number;
  onlyOursList: Difference[];
  onlyTheirsList: Difference[];
}

/** `ours` from `lockstep check --format json` run in corpusDir; `theirs` from ESLint's JSON formatter. */
export function compare(ours: JsonReport, theirs: readonly EslintFileResult[], corpusDir: string): PairAgreement[] {
  return compareFindings(ours, eslintFindings(theirs, corpusDir), ESLINT_PAIRS);
}

export function compareFindings(ours: JsonReport, theirs: readonly TheirFinding[], pairs: readonly RulePair[]): PairAgreement[] {
  return pairs.map((pair) => {
    const ourFindings: Difference[] = ours.findings
      .filter((finding) => finding.rule === pair.ours)
      .map((finding) => ({ at: `${finding.file}:${finding.start.line}`, kind: pair.ours, message: finding.message }));
    const theirFindings = theirs.filter((finding) => finding.rule === pair.theirs);
    const ourLines = new Set(ourFindings.map((finding) => finding.at));
    const theirLines = new Set(theirFindings.map((finding) => finding.at));
    const onlyOursList = ourFindings.filter((finding) => !theirLines.has(finding.at));
    const onlyTheirsList = theirFindings.filter((finding) => !ourLines.has(finding.at)).map(({ at, kind, message }) => ({ at, kind, message }));
    const both = [...ourLines].filter((line) => theirLines.has(line)).length;
    return { ours: pair.ours, theirs: pair.theirs, both, onlyOurs: onlyOursList.length, onlyTheirs: onlyTheirsList.length, onlyOursList, onlyTheirsList };
  });
}

export function eslintFindings(results: readonly EslintFileResult[], corpusDir: string): TheirFinding[] {
  return results.flatMap((result) =>
    result.messages.filter((message) => message.ruleId !== null).map((message) => ({
      rule: message.ruleId!,
      at: `${path.relative(corpusDir, result.filePath).split(path.sep).join('/')}:${message.line}`,
      kind: message.messageId ?? message.ruleId!,
      message: message.message,
    })),
  );
}

/** One line per rule pair: both / only ours / only theirs, with the differences counted by kind. */
export function describeAgreement(corpus: string, pairs: readonly PairAgreement[]): string[] {
  return pairs.map((pair) => {
    const kinds = countBy(pair.onlyTheirsList.map((difference) => difference.kind));
    const theirKinds = Object.keys(kinds).length ? ` (theirs by kind: ${Object.entries(kinds).map(([kind, n]) => `${kind} ${n}`).join(', ')})` : '';
    return `${corpus}: ${pair.ours} vs ${pair.theirs}: both ${pair.both}, only ours ${pair.onlyOurs}, only theirs ${pair.onlyTheirs}${theirKinds}`;
  });
}

export function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
