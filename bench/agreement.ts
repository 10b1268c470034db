// Agreement between Lockstep's floating-promise / misused-promise and typescript-eslint's no-floating-promises /
// no-misused-promises on the same corpus: findings matched by rule pair, file and line; counts of both, only
// ours, only theirs, and every difference listed (with typescript-eslint's messageId, which names the case).
import * as path from 'node:path';
import type { JsonReport } from '../server/src/cli/format-json';
import { TS_ESLINT_RULES, type EslintFileResult } from './eslint-reference';

const PAIRS = [
  { ours: 'floating-promise', theirs: TS_ESLINT_RULES.floating },
  { ours: 'misused-promise', theirs: TS_ESLINT_RULES.misused },
] as const;

export interface Difference {
  at: string;
  kind: string;
  message: string;
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

interface Located {
  at: string;
  kind: string;
  message: string;
}

/** `ours` from `lockstep check --format json` run in corpusDir; `theirs` from ESLint's JSON formatter. */
export function compare(ours: JsonReport, theirs: readonly EslintFileResult[], corpusDir: string): PairAgreement[] {
  return PAIRS.map((pair) => {
    const ourFindings: Located[] = ours.findings
      .filter((finding) => finding.rule === pair.ours)
      .map((finding) => ({ at: `${finding.file}:${finding.start.line}`, kind: pair.ours, message: finding.message }));
    const theirFindings: Located[] = theirs.flatMap((result) =>
      result.messages
        .filter((message) => message.ruleId === pair.theirs)
        .map((message) => ({
          at: `${path.relative(corpusDir, result.filePath).split(path.sep).join('/')}:${message.line}`,
          kind: message.messageId ?? pair.theirs,
          message: message.message,
        })),
    );
    const ourLines = new Set(ourFindings.map((finding) => finding.at));
    const theirLines = new Set(theirFindings.map((finding) => finding.at));
    const onlyOursList = ourFindings.filter((finding) => !theirLines.has(finding.at));
    const onlyTheirsList = theirFindings.filter((finding) => !ourLines.has(finding.at));
    const both = [...ourLines].filter((line) => theirLines.has(line)).length;
    return { ours: pair.ours, theirs: pair.theirs, both, onlyOurs: onlyOursList.length, onlyTheirs: onlyTheirsList.length, onlyOursList, onlyTheirsList };
  });
}

/** One line per rule pair: both / only ours / only theirs, with the differences counted by kind. */
export function describeAgreement(corpus: string, pairs: readonly PairAgreement[]): string[] {
  return pairs.map((pair) => {
    const kinds = countBy(pair.onlyTheirsList.map((difference) => difference.kind));
    const theirKinds = Object.keys(kinds).length ? ` (theirs by kind: ${Object.entries(kinds).map(([kind, n]) => `${kind} ${n}`).join(', ')})` : '';
    return `${corpus}: ${pair.ours} vs ${pair.theirs}: both ${pair.both}, only ours ${pair.onlyOurs}, only theirs ${pair.onlyTheirs}${theirKinds}`;
  });
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
