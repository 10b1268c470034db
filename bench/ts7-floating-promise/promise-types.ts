// The type half of floating-promise's decision (server/src/analysis/promise-types.ts) on TypeScript 7's
// unstable API, where every checker question is a round trip to the tsgo process. Answers are kept per type id:
// a program has thousands of dropped calls but few distinct types (mongodb: 1,069 calls, 96 types), so each
// distinct type is asked about once.
import { SignatureKind, TypeFlags, type Checker, type Program, type Type } from 'typescript/unstable/sync';

export type DroppedKind = 'promise' | 'array' | 'generator';

const GENERATORS = new Set(['Generator', 'AsyncGenerator']);

export class PromiseTypes {
  private readonly thenable = new Map<number, boolean>();
  private readonly dropped = new Map<number, DroppedKind | undefined>();

  constructor(private readonly checker: Checker, private readonly program: Program) {}

  /** What dropping a value of this type loses: a promise or thenable, an array of them, a generator object. */
  droppedKind(type: Type): DroppedKind | undefined {
    if (!this.dropped.has(type.id)) this.dropped.set(type.id, this.classify(type));
    return this.dropped.get(type.id);
  }

  /** Any, unknown, or callable (some member has call signatures): a `.catch(h)` whose h is such handles. */
  isHandler(type: Type): boolean {
    if (type.flags & (TypeFlags.Any | TypeFlags.Unknown)) return true;
    return constituents(type).some((member) => this.checker.getSignaturesOfType(member, SignatureKind.Call).length > 0);
  }

  private classify(type: Type): DroppedKind | undefined {
    if (this.isGenerator(type)) return 'generator';
    if (this.isThenable(type)) return 'promise';
    const elements = constituents(type).flatMap((member) =>
      member.isTypeReference() && (this.checker.isArrayType(member) || this.checker.isTupleType(member)) ? this.checker.getTypeArguments(member) : []);
    return elements.some((element) => this.isThenable(element)) ? 'array' : undefined;
  }

  /** The standard library's Generator or AsyncGenerator, what calling a `function*` creates. */
  private isGenerator(type: Type): boolean {
    const symbol = type.getSymbol();
    if (!symbol || !GENERATORS.has(symbol.name)) return false;
    return symbol.declarations.some((declaration) => this.program.getSourceFileMetadataByPath(declaration.path)?.isDefaultLibrary);
  }

  /** Some member has a callable `then` (any and unknown are not thenable). */
  private isThenable(type: Type): boolean {
    let known = this.thenable.get(type.id);
    if (known === undefined) {
      known = constituents(type).some((member) => this.hasCallableThen(member));
      this.thenable.set(type.id, known);
    }
    return known;
  }

  private hasCallableThen(member: Type): boolean {
    if (member.flags & (TypeFlags.Any | TypeFlags.Unknown)) return false;
    const then = this.checker.getPropertyOfType(member, 'then');
    const thenType = then && this.checker.getTypeOfSymbol(then);
    const callable = thenType && this.checker.getNonNullableType(thenType);
    return callable !== undefined && constituents(callable).some((part) => this.checker.getSignaturesOfType(part, SignatureKind.Call).length > 0);
  }
}

function constituents(type: Type): readonly Type[] {
  return (type.isUnionType() && type.getTypes()) || [type];
}
