// Blocking facts: which places in a function's body hold the event loop when they run, and through which chain
// of calls. The rule blocking-in-async reports the steps of async functions; the concurrency model turns the
// same steps into `block` steps. Kept free of messages and severities so both can read it.
//
// A step blocks when it is
// - a call to a blocking API (blocking-apis.ts: Node's sync APIs, Atomics.wait, the settings' additions);
// - a busy-wait loop: its condition (or a for loop's update) reads the clock and nothing in it awaits;
// - a call to a sync function whose own steps block (any depth, across files; recursion solved by Summaries).
// "Its body" is the code that runs when the function runs: its own statements, and the inline sync callbacks
// it hands to functions that call them before returning (array methods, `new Promise` executors). Callbacks
// handed anywhere else may run later (timers, emitters, a user's registry) and count as their own functions.
//
// Cost: a function's own facts (its sources, and the sync functions it calls) come from one walk with the checker,
// cached per SourceFile object and valid while every file they resolved into is still the same object — as the
// lock model's facts are. The summaries (through calls, across files) are solved per program from those facts,
// without the checker, so an edit re-walks only the edited file and the functions that resolved into it.
import ts from 'typescript';
import { blockingApiOf, blockingRelevanceSeeds, isClockRead, runsCallbackNow, type BlockingApi } from './blocking-apis';
import { callRelevance, type CallRelevance } from './call-relevance';
import { calleeSymbol, resolveCallee, signatureDeclarations } from './calls';
import { functionName, isAsyncFunction, isFunctionWithBody, isGeneratorFunction, isLoop, type FunctionWithBody } from './functions';
import { RecentStamps, Summaries, perProgramMemo } from './summaries';
import type { BlockingCallsSettings } from './types';

export type BlockingSource =
  | { kind: 'call'; api: BlockingApi; node: ts.CallExpression | ts.NewExpression }
  | { kind: 'busy-wait'; loop: ts.IterationStatement; /** The clock-reading condition (or update). */ node: ts.Expression };

/** One call on the way to the source: `node`, in the caller, runs `callee`. */
export interface ChainLink {
  node: ts.Expression;
  callee: FunctionWithBody;
}

/** How something blocks: through these calls (none when it blocks itself), then at the source. */
export interface BlockingPath {
  through: readonly ChainLink[];
  source: BlockingSource;
}

/** A place in a function's body that blocks the event loop when it runs. */
export interface BlockingStep {
  node: ts.Expression;
  path: BlockingPath;
}

/**
 * What a function's own body says, before any callee is summarised: its blocking sources, and the calls (and
 * callbacks run now) that lead into sync functions with bodies, in source order. Computed with the checker.
 */
type OwnFact =
  | { kind: 'source'; node: ts.Expression; source: BlockingSource }
  | { kind: 'call'; node: ts.Expression; callee: FunctionWithBody };

export class BlockingAnalysis {
  /** Per function: the shortest way calling it blocks (ties: the first in source order), or undefined. */
  private readonly summaries: Summaries<BlockingPath | undefined>;
  private readonly steps = new Map<FunctionWithBody, BlockingStep[]>();
  private readonly ownFacts = new Map<FunctionWithBody, readonly OwnFact[]>();
  private readonly relevance: CallRelevance;
  /** Settings and relevant names: facts computed under others are not reused. */
  private readonly stamp: string;

  constructor(private readonly program: ts.Program, private readonly settings: BlockingCallsSettings) {
    this.relevance = callRelevance(program, blockingRelevanceSeeds(program, settings));
    this.stamp = `${JSON.stringify(settings)}|${this.relevance.digest}`;
    this.summaries = new Summaries<BlockingPath | undefined>({
      bottom: () => undefined,
      compute: (fn, summaryOf) => shortest(this.stepsOf(fn, summaryOf))?.path,
      equals: samePath,
    });
  }

  /** The blocking steps of the function's body, in source order. */
  stepsIn(fn: FunctionWithBody): BlockingStep[] {
    let steps = this.steps.get(fn);
    if (!steps) this.steps.set(fn, (steps = this.stepsOf(fn, (callee) => this.summaries.of(callee))));
    return steps;
  }

  /** Whether calling the function blocks the caller (it runs synchronously and reaches a blocking source). */
  pathOf(fn: FunctionWithBody): BlockingPath | undefined {
    return runsToCompletionWhenCalled(fn) ? this.summaries.of(fn) : undefined;
  }

  /** The steps from the function's own facts and its callees' summaries: no checker here. */
  private stepsOf(fn: FunctionWithBody, pathOfCallee: (callee: FunctionWithBody) => BlockingPath | undefined): BlockingStep[] {
    const steps: BlockingStep[] = [];
    for (const fact of this.factsOf(fn)) {
      if (fact.kind === 'source') {
        steps.push({ node: fact.node, path: { through: [], source: fact.source } });
        continue;
      }
      const path = pathOfCallee(fact.callee);
      if (path) steps.push({ node: fact.node, path: { through: [{ node: fact.node, callee: fact.callee }, ...path.through], source: path.source } });
    }
    return steps;
  }

  private factsOf(fn: FunctionWithBody): readonly OwnFact[] {
    let facts = this.ownFacts.get(fn);
    if (!facts) this.ownFacts.set(fn, (facts = cachedOwnFacts(this.program, fn, this.settings, this.relevance, this.stamp)));
    return facts;
  }
}

interface CachedOwnFacts {
  facts: readonly OwnFact[];
  /** Other files whose trees the facts read (callees, resolved declarations): valid while each is the same object. */
  inputs: ts.SourceFile[];
}

/**
 * Own facts cached per SourceFile object (TypeScript reuses the trees of unchanged files across programs), per
 * settings and function, like the lock model's facts: an edit re-walks the edited file's functions and those
 * whose facts resolved into it, and every other function's facts come from the cache.
 */
const ownFactsCache = new RecentStamps<Map<FunctionWithBody, CachedOwnFacts>>();
/** LOCKSTEP_BLOCKING_FACTS_CACHE=off turns the cache off, to measure its worth (the editor-latency benchmark, a driver). */
const useOwnFactsCache = process.env.LOCKSTEP_BLOCKING_FACTS_CACHE !== 'off';

/** `stamp` names the settings and the relevant names: facts skip the calls that were irrelevant when computed. */
function cachedOwnFacts(
  program: ts.Program,
  fn: FunctionWithBody,
  settings: BlockingCallsSettings,
  relevance: CallRelevance,
  stamp: string,
): readonly OwnFact[] {
  const sourceFile = fn.getSourceFile();
  let perFunction = ownFactsCache.get(sourceFile, stamp);
  if (!perFunction) ownFactsCache.set(sourceFile, stamp, (perFunction = new Map()));
  const cached = perFunction.get(fn);
  if (useOwnFactsCache && cached && cached.inputs.every((input) => program.getSourceFile(input.fileName) === input)) return cached.facts;

  const inputs = new Set<ts.SourceFile>();
  const dependsOn = (node: ts.Node | undefined) => void (node && inputs.add(node.getSourceFile()));
  const facts = ownFactsOf(program, fn, settings, relevance, dependsOn);
  inputs.delete(sourceFile);
  perFunction.set(fn, { facts, inputs: [...inputs] });
  return facts;
}

function ownFactsOf(
  program: ts.Program,
  fn: FunctionWithBody,
  settings: BlockingCallsSettings,
  relevance: CallRelevance,
  dependsOn: (node: ts.Node | undefined) => void,
): OwnFact[] {
  const checker = program.getTypeChecker();
  const facts: OwnFact[] = [];
  const throughCall = (node: ts.Expression, callee: FunctionWithBody | undefined) => {
    if (callee && runsToCompletionWhenCalled(callee)) facts.push({ kind: 'call', node, callee });
  };
  forEachNodeRunNow(program, fn, relevance, (node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // Only calls that are blocking APIs or lead into one by name (call-relevance.ts) are resolved.
      if (relevance.mayMatter(node)) {
        // Everything the checks below read about the call: the declarations it resolves to, in whichever files.
        signatureDeclarations(checker, node).forEach(dependsOn);
        calleeSymbol(checker, node.expression)?.getDeclarations()?.forEach(dependsOn);
        const api = blockingApiOf(program, node, settings);
        if (api) facts.push({ kind: 'source', node, source: { kind: 'call', api, node } });
        else {
          const callee = resolveCallee(checker, node);
          dependsOn(callee);
          throughCall(node, callee);
        }
      }
      // `names.map(readTemplate)`: the array method calls the referenced function right away.
      for (const argument of node.arguments ?? []) {
        if (!relevance.nameMayMatter(argument)) continue;
        const referenced = referencedFunction(checker, argument, dependsOn);
        if (referenced && runsCallbackNow(program, node, argument)) throughCall(argument, referenced);
      }
    } else if (isLoop(node)) {
      const clock = busyWaitClock(program, node);
      if (clock) facts.push({ kind: 'source', node: clock, source: { kind: 'busy-wait', loop: node, node: clock } });
    }
  });
  return facts;
}

/** One analysis per program and blocking-calls settings, shared by every file analysed against the program. */
export function blockingAnalysisFor(program: ts.Program, settings: BlockingCallsSettings): BlockingAnalysis {
  return perProgramMemo(program, `blocking:${JSON.stringify(settings)}`, () => new BlockingAnalysis(program, settings));
}

/** The names along a path, from the function holding the step: `handleRequest → render → readFileSync`. */
export function chainNames(from: FunctionWithBody, path: BlockingPath): string[] {
  return [functionName(from), ...path.through.map((link) => functionName(link.callee)), sourceName(path.source)];
}

export function sourceName(source: BlockingSource): string {
  return source.kind === 'call' ? source.api.name : 'busy-wait loop';
}

/**
 * Calling it runs its body to the end before the caller continues. An async function runs only up to its first
 * await (and is judged as an async function itself); a generator's body does not run at the call at all.
 */
function runsToCompletionWhenCalled(fn: FunctionWithBody): boolean {
  return !isAsyncFunction(fn) && !isGeneratorFunction(fn);
}

function shortest(steps: readonly BlockingStep[]): BlockingStep | undefined {
  return steps.reduce<BlockingStep | undefined>((best, step) => (!best || step.path.through.length < best.path.through.length ? step : best), undefined);
}

function samePath(a: BlockingPath | undefined, b: BlockingPath | undefined): boolean {
  if (!a || !b) return a === b;
  return a.source.node === b.source.node && a.through.length === b.through.length &&
    a.through.every((link, index) => link.node === b.through[index]!.node && link.callee === b.through[index]!.callee);
}

/**
 * Visits the nodes that run when the function runs: its own body, and the bodies of inline sync callbacks
 * passed to calls that run them before returning. Other nested functions and classes run at other times.
 */
function forEachNodeRunNow(program: ts.Program, fn: FunctionWithBody, relevance: CallRelevance, visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node): void => {
    visit(node);
    if (ts.isClassLike(node)) return;
    // Whether a callback runs now takes the call's resolution; a callback with nothing relevant inside is skipped either way.
    if (isFunctionWithBody(node) && !(relevance.subtreeMayMatter(node) && isCallbackRunNow(program, node))) return;
    ts.forEachChild(node, walk);
  };
  // The body itself too: an arrow's expression body is the first node that runs.
  if (fn.body) walk(fn.body);
}

/** An inline sync function passed straight to a call that runs it before returning. */
function isCallbackRunNow(program: ts.Program, fn: FunctionWithBody): boolean {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !runsToCompletionWhenCalled(fn)) return false;
  let argument: ts.Node = fn;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  return (ts.isCallExpression(call) || ts.isNewExpression(call)) && runsCallbackNow(program, call, argument as ts.Expression);
}

/** The function an argument names (`readTemplate`, `helpers.readTemplate`), when it has a body here. */
function referencedFunction(checker: ts.TypeChecker, argument: ts.Expression, dependsOn: (node: ts.Node) => void): FunctionWithBody | undefined {
  if (!ts.isIdentifier(argument) && !ts.isPropertyAccessExpression(argument)) return undefined;
  for (const declaration of calleeSymbol(checker, argument)?.getDeclarations() ?? []) {
    dependsOn(declaration);
    if (isFunctionWithBody(declaration)) return declaration;
    const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    if (initializer && isFunctionWithBody(initializer)) return initializer;
  }
  return undefined;
}

/** For a busy-wait loop, the clock-reading condition (or for-loop update); undefined for any other loop. */
function busyWaitClock(program: ts.Program, loop: ts.WhileStatement | ts.DoStatement | ts.ForStatement): ts.Expression | undefined {
  const candidates = ts.isForStatement(loop) ? [loop.condition, loop.incrementor] : [loop.expression];
  const clock = candidates.find((expression) => expression !== undefined && readsClock(program, expression));
  return clock && !givesWay(loop) ? clock : undefined;
}

function readsClock(program: ts.Program, expression: ts.Expression): boolean {
  return someOwnNode(expression, (node) => (ts.isCallExpression(node) || ts.isNewExpression(node)) && isClockRead(program, node));
}

/** Whether anything in the loop lets other tasks run: an await, a for await, a yield. */
function givesWay(loop: ts.IterationStatement): boolean {
  return someOwnNode(loop, (node) =>
    ts.isAwaitExpression(node) || ts.isYieldExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined));
}

/** Whether the node or a descendant outside nested functions satisfies the test. */
function someOwnNode(root: ts.Node, test: (node: ts.Node) => boolean): boolean {
  const search = (node: ts.Node): boolean =>
    test(node) || (!isFunctionWithBody(node) && !ts.isClassLike(node) && (ts.forEachChild(node, search) ?? false));
  return search(root);
}
