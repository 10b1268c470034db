// The experiment of docs/typescript-7.md: floating-promise's decision re-implemented on TypeScript 7's
// `typescript/unstable/sync` API, its checker questions batched — every candidate's type in one call, then every
// rejection handler's type in one more, the rest asked once per distinct type. Not the product: bench/peers.bench.ts
// bundles it beside the pinned typescript@7 (bench/peers.ts) and runs it on a corpus:
//   node ts7-floating-promise.mjs <folder with tsconfig.json>
// It prints JSON: the findings (file, line, kind) and what it cost (requests to tsgo, time per phase).
// Not covered (see docs/typescript-7.md): the lock-hold idiom, drops of already-awaited elements, and the
// declared-signature pre-filter (mayReturnDroppable), which saves TypeScript 6 resolving calls.
import * as path from 'node:path';
import { isExpressionStatement, type Expression, type Node, type SourceFile } from 'typescript/unstable/ast';
import { API, type Type } from 'typescript/unstable/sync';
import { discardedOperands, isCreatedHere, rejectionHandlerOf } from './discarded';
import { PromiseTypes, type DroppedKind } from './promise-types';

interface Candidate {
  file: SourceFile;
  operand: Expression;
}

interface Ts7Finding {
  file: string;
  line: number;
  kind: DroppedKind;
}

function collectCandidates(files: readonly SourceFile[]): Candidate[] {
  const candidates: Candidate[] = [];
  for (const file of files) {
    const visit = (node: Node): undefined => {
      if (isExpressionStatement(node)) {
        for (const operand of discardedOperands(node.expression)) if (isCreatedHere(operand)) candidates.push({ file, operand });
      }
      node.forEachChild(visit);
    };
    visit(file);
  }
  return candidates;
}

/** Types of many nodes in one request; a node the checker cannot type counts as undefined. */
function typesOf(checker: { getTypeAtLocation(nodes: readonly Node[]): (Type | undefined)[] }, nodes: readonly Node[]): (Type | undefined)[] {
  return nodes.length ? checker.getTypeAtLocation(nodes) : [];
}

function main(corpusDir: string): void {
  const started = performance.now();
  const api = new API({ cwd: corpusDir, collectTiming: true });
  const snapshot = api.updateSnapshot({ openProjects: [path.join(corpusDir, 'tsconfig.json')] });
  const project = snapshot.getProjects()[0];
  if (!project) throw new Error(`no project in ${corpusDir}`);
  const { checker, program } = project;
  const files = project.rootFiles.filter((name) => !name.endsWith('.d.ts')).map((name) => program.getSourceFile(name)).filter((file) => file !== undefined);
  const parsed = performance.now();

  const candidates = collectCandidates(files);
  const types = typesOf(checker, candidates.map((candidate) => candidate.operand));
  const promiseTypes = new PromiseTypes(checker, program);
  const dropped = candidates.map((candidate, i) => ({ ...candidate, kind: types[i] && promiseTypes.droppedKind(types[i]) }))
    .filter((candidate): candidate is Candidate & { kind: DroppedKind } => candidate.kind !== undefined);
  const handlers = dropped.flatMap((candidate, i) => {
    const handler = candidate.kind === 'promise' ? rejectionHandlerOf(candidate.operand) : undefined;
    return handler ? [{ i, handler }] : [];
  });
  const handlerTypes = typesOf(checker, handlers.map(({ handler }) => handler));
  const handledAt = new Set(handlers.filter((_, j) => handlerTypes[j] && promiseTypes.isHandler(handlerTypes[j])).map(({ i }) => i));
  const findings: Ts7Finding[] = dropped.filter((_, i) => !handledAt.has(i)).map(({ file, operand, kind }) => ({
    file: path.relative(corpusDir, file.fileName), line: file.getLineAndCharacterOfPosition(operand.getStart(file)).line + 1, kind,
  }));
  const decided = performance.now();

  const { totals } = api.getTimingInfo();
  api.close();
  console.log(JSON.stringify({
    findings,
    stats: {
      files: files.length, candidates: candidates.length, distinctTypes: new Set(types.map((type) => type?.id)).size, handlers: handlerTypes.length,
      requests: totals.requestCount, roundTripMs: totals.roundTripMs, serverMs: totals.serverTimeMs,
      programMs: parsed - started, rulesMs: decided - parsed,
    },
  }));
}

main(path.resolve(process.argv[2] ?? '.'));
