// The model's locks: one LockDecl per lock the tasks touch, named by the lock model's identity (identity.ts).
// A family (`Account.lock` of every instance, `forks[*]`) is split by the instance the code names when the lock
// model knows it (`from.lock`, `this.lock`, `forks[i]`): the same spelling in two tasks is then the same lock,
// which is how a model without values can still show two accounts locking each other. Unknown members share the
// family's one lock.
import * as path from 'node:path';
import ts from 'typescript';
import type { LockDecl, LockKind } from '../../../../model/schema';
import type { LockApiCall } from '../locks/api';
import type { LockIdentity, LockSite } from '../locks/lock-analysis';
import { rangeOf, type UriOf } from './ranges';

/** Ids the model's declarations share: `file#name`, the file relative to the project root, made unique. */
export class ModelIds {
  private readonly taken = new Set<string>();

  constructor(private readonly rootDir: string) {}

  /** The file a node is in, relative to the root. */
  placeOf(node: ts.Node): string {
    return path.relative(this.rootDir, node.getSourceFile().fileName).replace(/\\/g, '/');
  }

  unique(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.taken.has(id); n++) id = `${wanted}~${n}`;
    this.taken.add(id);
    return id;
  }
}

export class LockTable {
  private readonly byKey = new Map<string, { decl: LockDecl; order: [string, number] }>();

  constructor(
    private readonly ids: ModelIds,
    private readonly uriOf: UriOf,
    /** Told of what the model approximates (a semaphore whose capacity it does not know). */
    private readonly approximate: (message: string, at: ts.Node) => void,
  ) {}

  /** The id of the lock a site operates on, declaring it on first use. */
  idOf(site: LockSite, api: LockApiCall): string {
    const identity = site.ref.identity;
    const member = identity.family && site.ref.instance !== undefined ? compact(site.lockExpression.getText()) : undefined;
    const key = member === undefined ? identity.key : `${identity.key}|${site.ref.instance}`;
    return this.memberId(api, key, member === undefined ? identity.label : member, identity);
  }

  /**
   * The id of one lock a site may operate on, as a task instance's values name it (`forks[4]`, `alice.lock`):
   * equal keys are one lock; the identity says where it is declared, its capacity and reentrancy.
   */
  memberId(api: LockApiCall, key: string, name: string, identity: LockIdentity): string {
    const known = this.byKey.get(key);
    if (known) return known.decl.id;
    const declaration = identity.declaration;

    const place = declaration ? `${this.ids.placeOf(declaration)}#` : '';
    const decl: LockDecl = { id: this.ids.unique(`${place}${name}`), name, kind: kindOf(api), reentrant: identity.reentrant };
    const named = declaration && (ts.getNameOfDeclaration(declaration as ts.Declaration) ?? declaration);
    if (decl.kind === 'semaphore' && Number.isFinite(identity.capacity)) decl.capacity = identity.capacity;
    else if (decl.kind === 'semaphore' && named) this.approximate(`${name}: its capacity is not written as a number where it is made: 1 in the model`, named);
    if (named) decl.range = rangeOf(named, this.uriOf);
    const order: [string, number] = declaration ? [declaration.getSourceFile().fileName, declaration.getStart()] : ['\uffff', 0];
    this.byKey.set(key, { decl, order });
    return decl.id;
  }

  /** Every lock used, by where it is declared (Web Locks, declared nowhere, last), then by name. */
  decls(): LockDecl[] {
    return [...this.byKey.values()]
      .sort((a, b) => a.order[0].localeCompare(b.order[0]) || a.order[1] - b.order[1] || a.decl.name.localeCompare(b.decl.name))
      .map((entry) => entry.decl);
  }
}

/** Keyed locks (async-lock keys, Web Lock names, file paths) are mutexes named by their key; a lock whose capacity is written where it is made (a Semaphore, a p-limit) counts. */
function kindOf(api: LockApiCall): LockKind {
  if (api.operation.key) return 'keyed';
  return api.type.capacity === 1 ? 'mutex' : 'semaphore';
}

const compact = (text: string) => text.replace(/\s+/g, '');
