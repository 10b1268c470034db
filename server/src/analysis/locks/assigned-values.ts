// What a binding or property holds, read from what the code assigns to it — for what the checker's types do not
// say. JavaScript without annotations often makes its lock later than it declares it (`let lock;` … `lock = new
// AsyncLock();`), typed `any` where it is used; and a lock function kept in a field (`this.lock = settings.lock ??
// navigatorLock`) is typed by a signature with no body. The assignments in the declaring file say what they hold.
import ts from 'typescript';
import { isFunctionWithBody, type FunctionWithBody } from '../functions';
import { skipValueWrappers } from '../syntax';

/** The type of the objects `new` assigns to the binding or property `receiver` names, when it is used as `any`. */
export function assignedInstanceType(checker: ts.TypeChecker, receiver: ts.Expression): ts.Type | undefined {
  const inner = skipValueWrappers(receiver);
  if (!(checker.getTypeAtLocation(inner).flags & ts.TypeFlags.Any)) return undefined;
  const construction = assignedValues(checker, inner).find(ts.isNewExpression);
  return construction && checker.getTypeAtLocation(construction);
}

/** How many functions one field may be found to hold before the search gives up. */
const MAX_ASSIGNED_FUNCTIONS = 4;

/** The functions with bodies a field or binding called as a function is assigned (`a ?? b` and `c ? a : b` give both). */
export function assignedFunctions(checker: ts.TypeChecker, callee: ts.Expression): FunctionWithBody[] {
  const found = new Set<FunctionWithBody>();
  const add = (value: ts.Expression): void => {
    const inner = skipValueWrappers(value);
    if (ts.isConditionalExpression(inner)) return void [inner.whenTrue, inner.whenFalse].forEach(add);
    if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return void [inner.left, inner.right].forEach(add);
    }
    const fn = isFunctionWithBody(inner) ? inner : namedFunction(checker, inner);
    if (fn) found.add(fn);
  };
  for (const value of assignedValues(checker, skipValueWrappers(callee))) add(value);
  return [...found].slice(0, MAX_ASSIGNED_FUNCTIONS);
}

function namedFunction(checker: ts.TypeChecker, expression: ts.Expression): FunctionWithBody | undefined {
  if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expression) ? expression.name : expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  return declaration && isFunctionWithBody(declaration) ? declaration : undefined;
}

/**
 * Every value the declaring file assigns to what `name` names (initializers included), in source order: for a
 * variable or property declared in code (not in a declaration file). Each file's assignments are indexed once,
 * by the name they assign to; only those with the asked name are resolved to symbols.
 */
function assignedValues(checker: ts.TypeChecker, expression: ts.Expression): ts.Expression[] {
  const name = ts.isIdentifier(expression) ? expression : ts.isPropertyAccessExpression(expression) ? expression.name : undefined;
  const symbol = name && checker.getSymbolAtLocation(name);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!name || !symbol || !declaration || !isAssignable(declaration)) return [];
  const assignments = assignmentsByName(declaration.getSourceFile()).get(name.text) ?? [];
  return assignments.filter((assigned) => targetSymbol(checker, assigned.target) === symbol).map((assigned) => assigned.value);
}

function isAssignable(declaration: ts.Declaration): boolean {
  const assignable = ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) ||
    ts.isPropertyAssignment(declaration) || ts.isBinaryExpression(declaration) || ts.isPropertyAccessExpression(declaration);
  return assignable && !declaration.getSourceFile().isDeclarationFile;
}

interface Assignment {
  target: ts.Node;
  value: ts.Expression;
}

const assignmentIndexes = new WeakMap<ts.SourceFile, Map<string, Assignment[]>>();

/** The file's assignments and initializers, by the name of what they assign to (`x` in `x = …` and `this.x = …`). */
function assignmentsByName(sourceFile: ts.SourceFile): Map<string, Assignment[]> {
  let index = assignmentIndexes.get(sourceFile);
  if (index) return index;
  const byName = new Map<string, Assignment[]>();
  const visit = (node: ts.Node): void => {
    const assigned = assignment(node);
    const name = assigned && targetName(assigned.target);
    if (assigned && name !== undefined) {
      const list = byName.get(name);
      if (list) list.push(assigned);
      else byName.set(name, [assigned]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  assignmentIndexes.set(sourceFile, (index = byName));
  return index;
}

function targetName(target: ts.Node): string | undefined {
  if (ts.isIdentifier(target)) return target.text;
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.name)) return target.name.text;
  return undefined;
}

function assignment(node: ts.Node): Assignment | undefined {
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return { target: node.left, value: skipValueWrappers(node.right) };
  }
  if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.initializer) {
    return { target: node.name, value: skipValueWrappers(node.initializer) };
  }
  return undefined;
}

function targetSymbol(checker: ts.TypeChecker, target: ts.Node): ts.Symbol | undefined {
  const name = ts.isPropertyAccessExpression(target) ? target.name : target;
  return checker.getSymbolAtLocation(name);
}
