// Which calls the call-graph walks (lock model, blocking analysis) need to resolve. Resolving a callee asks the
// checker for its receiver's type, and on code without a single lock or blocking call — most code — every such
// question is wasted: it was most of a whole-project run. A name-level over-approximation decides first.
//
// A "holder" is a declaration a call can reach code through: a function, class, method; a property or variable
// holding a function, another name (`const read = fs.readFileSync`), a `require()`, a bound method, or what a
// call returned (`const read = makeReader()`); an import or export binding; `export default`. A holder *uses*
// the callees it calls and the names it hands to calls (`xs.map(readTemplate)`) — code of nested functions
// without a name of their own counts as their holder's — and, for a name-holding one, the names it holds.
// A holder is a seed when it uses a seed name (`readFileSync`, `acquire`, …) or, for busy-waits, its loop
// condition calls a clock (`Date.now()`, `performance.now()`, `process.hrtime()`) or an alias; it is relevant
// when it is a seed or uses a relevant holder's name. A call needs resolving when its callee's name is relevant
// or a seed name, or when the callee is not a plain name at all. The per-file part is syntactic and cached per
// SourceFile; the closure is per program and cheap.
import { createHash } from 'node:crypto';
import ts from 'typescript';
import { skipValueWrappers } from './syntax';
import { isLoop } from './functions';
import { projectFiles } from './program-files';
import { perProgramMemo } from './summaries';

export interface RelevanceSeeds {
  /**
   * Distinguishes the closures of different seeds (and keys their memo). It must determine isSeedName's answers:
   * a closure is reused for a later program with the same id and the same file indexes.
   */
  id: string;
  /** false when the program cannot contain what the seeds stand for: nothing is relevant. */
  enabled: boolean;
  /** Whether a call of this name (in a file mentioning these identifiers) may itself be what the seeds stand for. */
  isSeedName(name: string, mentionedInFile: ReadonlySet<string>): boolean;
  /** Holders whose loop condition (or update) calls a clock are seeds: a busy-wait blocks. */
  clockLoops: boolean;
  /** Holders that may keep a chain of promises as a lock (locks/promise-chain.ts) are seeds. */
  promiseChains: boolean;
  /**
   * Only functions that run to completion when called pass relevance to their callers: an async function or a
   * generator does not block whoever calls it (blocking), though it may well take a lock for them (locks).
   */
  throughSyncOnly: boolean;
}

export interface CallRelevance {
  /** Whether resolving this call could matter. */
  mayMatter(call: ts.CallExpression | ts.NewExpression): boolean;
  /** Whether a function handed over by name (`xs.map(readTemplate)`) could matter. */
  nameMayMatter(expression: ts.Expression): boolean;
  /** Whether anything under the node could matter: a relevant call, or a loop when loops seed. */
  subtreeMayMatter(node: ts.Node): boolean;
  /** Whether the function may keep a chain of promises as a lock, by its syntax (worth the data-flow look). */
  mayChainPromises(fn: ts.Node): boolean;
  /** Identifies the relevant names, for caches of facts computed with this relevance. */
  readonly digest: string;
}

export function callRelevance(program: ts.Program, seeds: RelevanceSeeds): CallRelevance {
  return perProgramMemo(program, `call-relevance:${seeds.id}`, () => computeRelevance(program, seeds));
}

function computeRelevance(program: ts.Program, seeds: RelevanceSeeds): CallRelevance {
  const relevant = seeds.enabled ? relevantNames(program, seeds) : new Set<string>();
  const isSeedIn = (name: string, node: ts.Node) => seeds.isSeedName(name, fileIndex(node.getSourceFile()).mentioned);
  const isRelevantName = (name: string, node: ts.Node) => relevant.has(name) || (seeds.enabled && isSeedIn(name, node));
  const calleeMayMatter = (expression: ts.Expression, call: ts.Node): boolean => {
    const callee = skipValueWrappers(expression);
    // What a call returned is reached through its callee, as a held one is (`const read = makeReader()`), and a
    // bound function through what it binds: `Service()('id')` matters only as `Service()` does.
    if (ts.isCallExpression(callee)) return calleeMayMatter(boundFunction(callee) ?? callee.expression, call);
    // A choice between callees (`(fallback ??= makeFallback())(input)`) matters when either may, as heldNames holds both.
    if (ts.isConditionalExpression(callee)) return calleeMayMatter(callee.whenTrue, call) || calleeMayMatter(callee.whenFalse, call);
    if (ts.isBinaryExpression(callee)) return calleeMayMatter(callee.left, call) || calleeMayMatter(callee.right, call);
    const name = referenceName(callee);
    const qualified = qualifiedName(callee);
    return name === undefined || isRelevantName(name, call) || (qualified !== undefined && isSeedIn(qualified, call));
  };
  const mayMatter = (call: ts.CallExpression | ts.NewExpression) => seeds.enabled && calleeMayMatter(call.expression, call);
  return {
    mayMatter,
    nameMayMatter: (expression) => {
      const name = referenceName(expression);
      return name !== undefined && isRelevantName(name, expression);
    },
    subtreeMayMatter: (node) => {
      if (!seeds.enabled) return false;
      const search = (child: ts.Node): boolean =>
        ((ts.isCallExpression(child) || ts.isNewExpression(child)) && mayMatter(child)) ||
        (seeds.clockLoops && isLoop(child)) ||
        (ts.isIdentifier(child) && isRelevantName(child.text, child)) ||
        (ts.forEachChild(child, search) ?? false);
      return search(node);
    },
    mayChainPromises: (fn) => seeds.enabled && seeds.promiseChains && fileIndex(fn.getSourceFile()).chainingFunctions.has(fn),
    digest: seeds.enabled ? createHash('sha1').update([...relevant].sort().join('\n')).digest('base64') : 'off',
  };
}

/** Whether any of the program's own files mentions the identifier (anywhere, not only inside holders). */
export function programMentions(program: ts.Program, name: string): boolean {
  return [...projectFiles(program)].some((fileName) => {
    const sourceFile = program.getSourceFile(fileName);
    return sourceFile !== undefined && fileIndex(sourceFile).mentioned.has(name);
  });
}

/** The functions of the program's own files whose syntax may keep a chain of promises as a lock. */
export function promiseChainCandidates(program: ts.Program): ts.Node[] {
  return [...projectFiles(program)].flatMap((fileName) => {
    const sourceFile = program.getSourceFile(fileName);
    return sourceFile ? [...fileIndex(sourceFile).chainingFunctions] : [];
  });
}

/**
 * Per seeds, the last closure and the file indexes it came from. An edit makes a new program, but seldom changes
 * what its file calls or holds (a comment, an expression inside a body): then the closure is the same.
 */
const lastClosures = new Map<string, { indexes: readonly FileIndex[]; relevant: Set<string> }>();

function relevantNames(program: ts.Program, seeds: RelevanceSeeds): Set<string> {
  const indexes = [...projectFiles(program)].flatMap((fileName) => {
    const sourceFile = program.getSourceFile(fileName);
    return sourceFile ? [fileIndex(sourceFile)] : [];
  });
  const last = lastClosures.get(seeds.id);
  const relevant = last && last.indexes.length === indexes.length && last.indexes.every((index, i) => sameIndex(index, indexes[i]!))
    ? last.relevant
    : closure(indexes, seeds);
  lastClosures.set(seeds.id, { indexes, relevant });
  return relevant;
}

function sameIndex(a: FileIndex, b: FileIndex): boolean {
  return a === b || (sameHolders(a.holdersUsing, b.holdersUsing) && sameHolders(a.holdersPassing, b.holdersPassing) &&
    sameHolders(a.holdersLoopingOn, b.holdersLoopingOn) && sameSet(a.functionHolders, b.functionHolders) &&
    sameSet(a.syncHolders, b.syncHolders) && sameSet(a.aliasHolders, b.aliasHolders) && sameSet(a.mentioned, b.mentioned) &&
    sameSet(a.chainingHolders, b.chainingHolders));
}

function sameHolders(a: ReadonlyMap<string, ReadonlySet<string>>, b: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, holders] of a) {
    const other = b.get(name);
    if (!other || !sameSet(holders, other)) return false;
  }
  return true;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}

function closure(indexes: readonly FileIndex[], seeds: RelevanceSeeds): Set<string> {
  const relevant = new Set<string>();
  const pending: string[] = [];
  const syncNames = new Set(indexes.flatMap((index) => [...index.syncHolders]));
  const add = (holder: string) => {
    if (relevant.has(holder) || (seeds.throughSyncOnly && !syncNames.has(holder))) return;
    relevant.add(holder);
    pending.push(holder);
  };
  const aliases = new Set(indexes.flatMap((index) => [...index.aliasHolders]));
  for (const index of indexes) {
    for (const [used, holders] of index.holdersUsing) if (seeds.isSeedName(used, index.mentioned)) holders.forEach(add);
    if (seeds.promiseChains) index.chainingHolders.forEach(add);
    if (!seeds.clockLoops) continue;
    for (const [called, holders] of index.holdersLoopingOn) if (CLOCK_NAMES.has(called) || aliases.has(called)) holders.forEach(add);
  }
  // A name handed to a call matters when it may name a function; what a call returned usually does not.
  const functionNames = new Set(indexes.flatMap((index) => [...index.functionHolders]));
  const holdersUsing = merged(indexes.map((index) => index.holdersUsing));
  const holdersPassing = merged(indexes.map((index) => index.holdersPassing));
  while (pending.length > 0) {
    const name = pending.pop()!;
    holdersUsing.get(name)?.forEach(add);
    if (functionNames.has(name)) holdersPassing.get(name)?.forEach(add);
  }
  return relevant;
}

/** The files' maps as one, so the closure looks each name up once rather than once per file. */
function merged(maps: readonly Map<string, Set<string>>[]): Map<string, string[]> {
  const all = new Map<string, string[]>();
  for (const map of maps) {
    for (const [name, holders] of map) {
      const known = all.get(name);
      if (known) known.push(...holders);
      else all.set(name, [...holders]);
    }
  }
  return all;
}

/** What busy-wait loops call in their conditions (blocking-apis.ts isClockRead decides, by declaration). */
const CLOCK_NAMES = new Set(['now', 'hrtime', 'bigint', 'Date']);

interface FileIndex {
  /** Each name the file's holders call or hold, with the names of the holders doing so. */
  holdersUsing: Map<string, Set<string>>;
  /** Each name the file's holders hand to calls as an argument (`xs.map(readTemplate)`). */
  holdersPassing: Map<string, Set<string>>;
  /** Names of holders that are functions (see Holder.callable). */
  functionHolders: Set<string>;
  /** Names of holders other than async functions and generators. */
  syncHolders: Set<string>;
  /** Each name called in a loop's condition or update, with the holders of the loop. */
  holdersLoopingOn: Map<string, Set<string>>;
  /** Names of holders that hold another name (imports, `const now = Date.now`). */
  aliasHolders: Set<string>;
  /** Every identifier in the file. */
  mentioned: Set<string>;
  /**
   * Functions that call one of their own parameters, await (or `then`) something and assign to a property or
   * element: the syntax of a promise-chain lock (locks/promise-chain.ts); and the names of their holders.
   */
  chainingFunctions: Set<ts.Node>;
  chainingHolders: Set<string>;
}

const fileIndexes = new WeakMap<ts.SourceFile, FileIndex>();

function fileIndex(sourceFile: ts.SourceFile): FileIndex {
  let index = fileIndexes.get(sourceFile);
  if (!index) fileIndexes.set(sourceFile, (index = indexFile(sourceFile)));
  return index;
}

function indexFile(sourceFile: ts.SourceFile): FileIndex {
  const index: FileIndex = {
    holdersUsing: new Map(), holdersPassing: new Map(), functionHolders: new Set(), syncHolders: new Set(), holdersLoopingOn: new Map(), aliasHolders: new Set(), mentioned: new Set(),
    chainingFunctions: new Set(), chainingHolders: new Set(),
  };
  const record = (table: Map<string, Set<string>>, holder: readonly string[], name: string | undefined) => {
    if (name === undefined || holder.length === 0) return;
    let holders = table.get(name);
    if (!holders) table.set(name, (holders = new Set()));
    for (const holderName of holder) holders.add(holderName);
  };
  // The holders whose code is being walked: set on the way into a holder, restored on the way out.
  let current: readonly string[] = [];
  const chains = new ChainSyntax();
  const visit = (node: ts.Node): void => {
    const outer = current;
    const found = HOLDER_KINDS.has(node.kind) ? holderOf(node) : undefined;
    if (found) {
      // Code in a held value runs where it stands (`const data = crypto.pbkdf2Sync(…)` runs in its function), and a
      // named function or class expression is also its surroundings' value (`const x = function inner() {}`).
      const alsoSurroundings = !found.callable || ts.isFunctionExpression(node) || ts.isClassExpression(node);
      current = alsoSurroundings ? [...outer, ...found.names] : found.names;
      if (found.callable) found.names.forEach((name) => index.functionHolders.add(name));
      if (!found.deferred) found.names.forEach((name) => index.syncHolders.add(name));
      if (found.holds) {
        found.names.forEach((name) => index.aliasHolders.add(name));
        for (const held of [found.holds].flat()) for (const name of heldNames(held)) record(index.holdersUsing, current, name);
      }
      if (found.holdsDefault) record(index.holdersUsing, current, 'default');
    }
    if (node.kind === ts.SyntaxKind.Identifier) index.mentioned.add((node as ts.Identifier).text);
    // Types hold no calls and no values: only the names they mention (`LockManager`) are kept.
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
      mentionIn(node, index.mentioned);
    } else {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        record(index.holdersUsing, current, referenceName(node.expression));
        record(index.holdersUsing, current, qualifiedName(node.expression));
        for (const argument of node.arguments ?? []) record(index.holdersPassing, current, referenceName(argument));
        if (ts.isIdentifier(node.expression) && node.expression.text === 'require') record(index.holdersUsing, current, 'default');
      }
      if (isLoop(node)) for (const called of loopControlCallees(node)) record(index.holdersLoopingOn, current, called);
      const entered = chains.enter(node);
      ts.forEachChild(node, visit);
      if (entered && chains.leave()) {
        index.chainingFunctions.add(node);
        current.forEach((name) => index.chainingHolders.add(name));
      }
    }
    current = outer;
  };
  visit(sourceFile);
  return index;
}

/** The functions being walked, innermost last, with what of a promise chain's syntax each has shown. */
class ChainSyntax {
  private readonly frames: { parameters: Set<string>; callsParameter: boolean; waits: boolean; assignsMember: boolean }[] = [];

  /** Notes what the node shows to the function around it; true when it is a function, entered. */
  enter(node: ts.Node): boolean {
    const innermost = this.frames[this.frames.length - 1];
    if (innermost && ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      for (let i = this.frames.length - 1; i >= 0; i--) {
        if (this.frames[i]!.parameters.has(name)) {
          this.frames[i]!.callsParameter = true;
          break;
        }
      }
    }
    if (innermost) {
      innermost.waits ||= ts.isAwaitExpression(node) || (ts.isPropertyAccessExpression(node) && node.name.text === 'then');
      innermost.assignsMember ||= ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left));
    }
    if (!ts.isFunctionLike(node) || !('body' in node) || !node.body || node.parameters.length === 0) return false;
    const parameters = new Set(node.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])));
    this.frames.push({ parameters, callsParameter: false, waits: false, assignsMember: false });
    return true;
  }

  /** Leaves the innermost function: whether it has the whole syntax. What it waits for and assigns is its outer's too. */
  leave(): boolean {
    const frame = this.frames.pop()!;
    const outer = this.frames[this.frames.length - 1];
    if (outer) {
      outer.waits ||= frame.waits;
      outer.assignsMember ||= frame.assignsMember;
    }
    return frame.callsParameter && frame.waits && frame.assignsMember;
  }
}

/** The kinds holderOf can return a holder for: every other node is passed by without a look. */
const HOLDER_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression, ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor, ts.SyntaxKind.ShorthandPropertyAssignment,
  ts.SyntaxKind.PropertyDeclaration, ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.ImportSpecifier,
  ts.SyntaxKind.ExportSpecifier, ts.SyntaxKind.ImportClause, ts.SyntaxKind.ImportEqualsDeclaration, ts.SyntaxKind.ExportAssignment,
  ts.SyntaxKind.BinaryExpression,
]);

interface Holder {
  names: string[];
  /** For a holder of other names: the expressions (or bindings) whose names it holds. */
  holds?: ts.Node | ts.Node[];
  /** It holds a module's default export (a default import, `import x = require()`). */
  holdsDefault?: boolean;
  /**
   * A function (function, class, method, a property or variable set to one) or an import or export binding: a
   * name that code hands to calls as a callback. Not one: a name holding a value read from elsewhere.
   */
  callable: boolean;
  /** An async function or a generator: calling it does not run its body to the end. */
  deferred?: boolean;
}

/** The holder this node is, if it is one. */
function holderOf(node: ts.Node): Holder | undefined {
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isFunctionExpression(node)) {
    const isDefault = (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.ExportDefault) === ts.ModifierFlags.ExportDefault;
    const names = [...(node.name ? [node.name.text] : []), ...(isDefault ? ['default'] : [])];
    return names.length > 0 ? { names, callable: true, deferred: isDeferred(node) } : undefined;
  }
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    const name = propertyNameText(node.name);
    return name === undefined ? undefined : { names: [name], callable: true, deferred: isDeferred(node) };
  }
  if (ts.isShorthandPropertyAssignment(node)) return { names: [node.name.text], holds: node.name, callable: false };
  if (ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) return valueHolder(propertyNameText(node.name), node.initializer);
  if (ts.isVariableDeclaration(node)) {
    if (ts.isIdentifier(node.name)) return valueHolder(node.name.text, node.initializer);
    // Destructuring a module or object: `const { readFileSync: read } = fs` holds readFileSync as read.
    return node.initializer && holdsNames(node.initializer)
      ? { names: bindingNames(node.name), holds: boundNames(node.name, node.initializer), callable: false }
      : undefined;
  }
  if (ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) return { names: [node.name.text], holds: node, callable: true };
  if (ts.isImportClause(node)) return node.name ? { names: [node.name.text], holdsDefault: true, callable: true } : undefined;
  if (ts.isImportEqualsDeclaration(node)) return { names: [node.name.text], holdsDefault: true, holds: node.moduleReference, callable: true };
  if (ts.isExportAssignment(node)) return { names: ['default'], holds: node.expression, callable: true };
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = referenceName(node.left);
    const holder = valueHolder(target, node.right);
    return holder && target === 'exports' ? { ...holder, names: [target, 'default'], callable: true } : holder;
  }
  return undefined;
}

function isDeferred(node: ts.Node): boolean {
  const isAsync = ts.canHaveModifiers(node) && (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
  return isAsync || ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.asteriskToken !== undefined);
}

/** A property, variable or assignment target is a holder when its value is a function, a class, or holds names. */
function valueHolder(name: string | undefined, value: ts.Expression | undefined): Holder | undefined {
  if (name === undefined || value === undefined) return undefined;
  const inner = skipWrappers(value);
  if (ts.isFunctionExpression(inner) || ts.isArrowFunction(inner) || ts.isClassExpression(inner)) {
    return { names: [name], callable: true, deferred: isDeferred(inner) };
  }
  if (holdsNames(inner)) return { names: [name], holds: inner, callable: false };
  // What a call returned may be a function it made (`const read = makeReader()`): held through the callee's name.
  if (ts.isCallExpression(inner)) return { names: [name], holds: inner.expression, callable: false };
  return undefined;
}

/** What a destructuring takes: the property names it reads and the object it reads them from (not defaults). */
function boundNames(pattern: ts.BindingName, initializer: ts.Expression): ts.Node[] {
  const keys = (name: ts.BindingName): ts.Node[] =>
    ts.isIdentifier(name) ? [name] : name.elements.flatMap((element) =>
      ts.isOmittedExpression(element) ? [] : [...(element.propertyName ? [element.propertyName] : []), ...keys(element.name)]);
  return [...keys(pattern), initializer];
}

/** References, and choices between them: `fs.readFileSync`, `a ?? b`, `c ? f : g`, `require('x')`, `f.bind(x)`. */
function holdsNames(expression: ts.Expression): boolean {
  const inner = skipWrappers(expression);
  if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) return true;
  if (ts.isConditionalExpression(inner)) return holdsNames(inner.whenTrue) || holdsNames(inner.whenFalse);
  if (ts.isBinaryExpression(inner)) return holdsNames(inner.left) || holdsNames(inner.right);
  if (ts.isCallExpression(inner)) {
    return (ts.isIdentifier(inner.expression) && inner.expression.text === 'require') ||
      boundFunction(inner) !== undefined;
  }
  return false;
}

/** skipValueWrappers, and through `await` too: a held or passed name is the same awaited or not. */
function skipWrappers(expression: ts.Expression): ts.Expression {
  let current = skipValueWrappers(expression);
  while (ts.isAwaitExpression(current)) current = skipValueWrappers(current.expression);
  return current;
}

function mentionIn(node: ts.Node, mentioned: Set<string>): void {
  if (ts.isIdentifier(node)) mentioned.add(node.text);
  ts.forEachChild(node, (child) => mentionIn(child, mentioned));
}

/**
 * The names a holder's value can be: what a reference reads (`request.result` holds `result`, not `request`: a
 * name holding an IndexedDB request is no alias of a lock's `request`), the function a `bind` binds, the callee of
 * a call whose result is held; every name under anything else (an import, a destructuring, `export = { a, b }`).
 */
function heldNames(held: ts.Node): string[] {
  const node = ts.isExpression(held) ? skipWrappers(held) : held;
  if (ts.isPropertyAccessExpression(node)) return [node.name.text];
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return [node.argumentExpression.text];
  // A computed key reads an element of what the object holds (`request.result[field]` holds `result`'s elements).
  if (ts.isElementAccessExpression(node)) return heldNames(node.expression);
  if (ts.isConditionalExpression(node)) return [...heldNames(node.whenTrue), ...heldNames(node.whenFalse)];
  if (ts.isBinaryExpression(node)) return [...heldNames(node.left), ...heldNames(node.right)];
  const bound = ts.isCallExpression(node) ? boundFunction(node) : undefined;
  if (bound) return heldNames(bound);
  return namesIn(node);
}

/** The function a `f.bind(…)` call binds. */
function boundFunction(call: ts.CallExpression): ts.Expression | undefined {
  return ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'bind' ? call.expression.expression : undefined;
}

/** Every identifier (and property name, and string key) under the node. */
function namesIn(node: ts.Node): string[] {
  const names: string[] = [];
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child) || ts.isPrivateIdentifier(child) || ts.isStringLiteralLike(child)) names.push(child.text);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return names;
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** `Atomics.wait` for `Atomics.wait(…)`: a seed can be a method of a global whose name alone is too common. */
function qualifiedName(expression: ts.Expression): string | undefined {
  return ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)
    ? `${expression.expression.text}.${expression.name.text}`
    : undefined;
}

/** The name a callee or an argument is spelled with (`f`, `obj.f`, `obj['f']`), or undefined when it has none. */
function referenceName(expression: ts.Expression): string | undefined {
  const current = skipValueWrappers(expression);
  if (ts.isIdentifier(current) || ts.isPrivateIdentifier(current)) return current.text;
  if (ts.isPropertyAccessExpression(current)) return current.name.text;
  if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) return current.argumentExpression.text;
  return undefined;
}

/** The names called in a loop's condition (and a for loop's update), `new Date` included. */
function loopControlCallees(loop: ts.WhileStatement | ts.DoStatement | ts.ForStatement): string[] {
  const controls = ts.isForStatement(loop) ? [loop.condition, loop.incrementor] : [loop.expression];
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = referenceName(node.expression);
      if (name !== undefined) names.push(name);
    }
    ts.forEachChild(node, visit);
  };
  for (const control of controls) if (control) visit(control);
  return names;
}
