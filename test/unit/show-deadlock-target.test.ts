// "Show this deadlock" on the page's side (client/src/webview/target.ts): which model locks a finding's lock is,
// which deadlocks are the finding's, the target read from untrusted JSON, and the model's approximations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LockDecl } from '../../model/schema';
import type { Deadlock } from '../../scheduler/index';
import { deadlockOn, modelLimits, parseTarget } from '../../client/src/webview/target';
import { model, mutex, task } from '../scheduler/models';

const at = (line: number) => ({ uri: 'file:///a.ts', start: { line, character: 6 }, end: { line, character: 9 } });
const declared = (line: number) => ({ uri: 'file:///a.ts', line, character: 6 });
const decl = (id: string, line?: number): LockDecl => (line === undefined ? mutex(id) : { ...mutex(id), range: at(line) });
const cycleOn = (...locks: string[]): Deadlock => ({ time: 0, stuck: [], description: '', cycle: locks.map((lock, task) => ({ task, lock, holder: task })) });
const target = (locks: object[]) => parseTarget({ uri: 'file:///a.ts', rule: 'lock-order', locks })!;

describe('"Show this deadlock": the finding’s locks in the model', () => {
  it('finds every instance of a family at its declaration, whatever the model calls them', () => {
    const bank = model([decl('from.lock', 1), decl('to.lock', 1), decl('audit', 2)], []);
    const on = deadlockOn(bank, target([{ label: 'Account.lock', family: true, declaration: declared(1) }]));
    assert.ok('accept' in on);
    assert.equal(on.accept(cycleOn('from.lock', 'to.lock')), true);
    assert.equal(on.accept(cycleOn('audit')), false);
  });

  it('tells keys of one keyed lock apart by name, though they share its declaration', () => {
    const keys = model([decl("lock 'users'", 1), decl("lock 'orders'", 1), decl("lock 'audit'", 1)], []);
    const on = deadlockOn(keys, target([{ label: "lock 'users'", declaration: declared(1) }, { label: "lock 'orders'", declaration: declared(1) }]));
    assert.ok('accept' in on);
    assert.equal(on.accept(cycleOn("lock 'audit'")), false, 'a deadlock on another key is not this one');
    assert.equal(on.accept(cycleOn("lock 'users'")), false, 'nor one on only one of its locks');
    assert.equal(on.accept(cycleOn("lock 'orders'", "lock 'users'")), true);
  });

  it('does not take a lock of the same name declared elsewhere', () => {
    const shadowed = model([decl('m', 5)], []);
    assert.deepEqual(deadlockOn(shadowed, target([{ label: 'm', declaration: declared(1) }])), { missing: ['m'] });
    assert.ok('accept' in deadlockOn(model([decl('m')], []), target([{ label: 'm', declaration: declared(1) }])), 'a hand-written lock without a range goes by its name');
  });

  it('reads the target from untrusted JSON, and refuses what is not one', () => {
    assert.equal(parseTarget(null), undefined);
    assert.equal(parseTarget({ uri: 'file:///a.ts', rule: 'lock-order', locks: [] }), undefined);
    assert.equal(parseTarget({ uri: 'file:///a.ts', rule: 'lock-order', locks: [{ label: 3 }] }), undefined);
    assert.deepEqual(target([{ label: 'm', family: 'yes', declaration: { uri: 'file:///a.ts', line: 'x' } }]).locks, [{ label: 'm' }]);
  });

  it('lists the model’s approximations and its step notes, once each', () => {
    const noted = { ...model([], [task('t', [{ kind: 'io', note: 'recursion cut' }, { kind: 'call', function: 'f', steps: [{ kind: 'io', note: 'recursion cut' }] }])]), approximations: [{ message: 'loop bound cut' }, { message: 'value unknown' }, { message: 'recursion cut' }] };
    assert.deepEqual(modelLimits(noted), ['loop bound cut', 'value unknown', 'recursion cut']);
    assert.deepEqual(modelLimits(model([], [])), []);
  });
});
