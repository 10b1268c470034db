// `lockstep simulate` run as CI would: the bundled CLI on the examples' source files (their models extracted) and
// on *.model.json files. Exit 1 with the cycle named on a deadlock, 0 on consistently ordered locks, 2 with one
// line on stderr for every usage or input problem.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { SimulationJson } from '../../server/src/cli/format-simulation';
import type { ChromeTrace } from '../../scheduler/index';
import { boundedBuffer, consistentOrder, event, lateTimer, model, oppositeOrders, task, wait } from '../scheduler/models';
import { runCli, tempTree } from './run-cli';

const DEADLOCKING = 'examples/src/lock-order.ts';
const ORDERED = 'examples/src/correct.ts';
const models = tempTree({
  'ordered.model.json': JSON.stringify(consistentOrder()),
  'opposite.model.json': JSON.stringify(oppositeOrders()),
  'buffer.model.json': JSON.stringify(boundedBuffer(2, 2)),
  'buggy-buffer.model.json': JSON.stringify(boundedBuffer(2, 2, true)),
  'late-timer.model.json': JSON.stringify(lateTimer()),
  'never-set.model.json': JSON.stringify(model([], [task('waiter', [wait('ready')])], [event('ready')])),
});

describe('lockstep simulate', () => {
  for (const policy of ['fifo', 'explore', 'random'] as const) {
    test(`a lock-order deadlock exits 1 and names both locks (${policy})`, () => {
      const run = runCli(['simulate', DEADLOCKING, '--policy', policy]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^DEADLOCK at t=1 ms: transfer holds accountsMutex and waits for ledgerMutex, held by audit; audit holds ledgerMutex and waits for accountsMutex, held by transfer$/m);
      assert.match(run.stdout, /^Cycle: transfer → ledgerMutex → audit → accountsMutex → transfer$/m);
      assert.match(run.stdout, /transfer +waits for ledgerMutex +\(examples\/src\/lock-order\.ts:18:5\)/, 'the schedule points at the source');
      assert.match(run.stdout, /^Replay: run (transfer|audit), /m);
    });
  }

  test('consistently ordered locks exit 0 under every policy, and explore says it covered everything', () => {
    for (const policy of ['fifo', 'random', 'explore']) {
      const run = runCli(['simulate', ORDERED, '--policy', policy]);
      assert.equal(run.code, 0, `${policy}: ${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /No deadlock: every task finished\./);
    }
    // correct.ts maps over notes passed at run time, and loops over them with timers: explore covers the model, and
    // says the model is approximate.
    const explored = runCli(['simulate', ORDERED, '--policy', 'explore']);
    assert.match(explored.stdout, /^Explored \d+ states?, \d+ transitions?, \d+ schedules? \(every reachable state of a model with 2 approximations, listed above\)\.$/m);
    assert.match(explored.stdout, /^ {2}loop cut at 3 turns: how many it runs is not known before run time {2}\(examples\/src\/correct\.ts:55:3\)$/m);
    assert.match(explored.stdout, /^Approximations \(the model is not exact here\):\n {2}notes\.map\(\(note\) => saveNote\(note\)\): what it maps over is not known before run time: the task it starts runs once {2}\(examples\/src\/correct\.ts:29:21\)$/m);
    assert.match(explored.stdout, /moveDraft +done/);
  });

  test('a *.model.json file runs as it is: explore covers its states exactly, and finds a deadlock by its lock ids', () => {
    const ordered = runCli(['simulate', path.join(models, 'ordered.model.json'), '--policy', 'explore']);
    assert.equal(ordered.code, 0, ordered.stderr);
    assert.match(ordered.stdout, /^Explored \d+ states?, \d+ transitions?, \d+ schedules? \(every reachable state\)\.$/m);
    assert.equal(ordered.stdout, runCli(['simulate', path.join(models, 'ordered.model.json'), '--policy', 'explore']).stdout, 'reproducible');
    const opposite = runCli(['simulate', path.join(models, 'opposite.model.json'), '--policy', 'explore']);
    assert.equal(opposite.code, 1, opposite.stderr);
    assert.match(opposite.stdout, /^Cycle: (A|B) → m[12] → (A|B) → m[12] → (A|B)$/m);
  });

  test('--timing any finds the deadlock a late timer allows, says so in text and json; virtual timing finds none', () => {
    const file = path.join(models, 'late-timer.model.json');
    const virtual = runCli(['simulate', file, '--policy', 'explore']);
    assert.equal(virtual.code, 0, virtual.stdout + virtual.stderr);
    assert.match(virtual.stdout, /\(every reachable state\)\.$/m);
    const any = runCli(['simulate', file, '--policy', 'explore', '--timing', 'any']);
    assert.equal(any.code, 1, any.stdout + any.stderr);
    assert.match(any.stdout, /^Cycle: (holder|late) → [xy] → (holder|late) → [xy] → (holder|late)$/m);
    const json = JSON.parse(runCli(['simulate', file, '--policy', 'explore', '--timing=any', '--format', 'json']).stdout) as SimulationJson;
    assert.deepEqual([json.timing, json.outcome], ['any', 'deadlock']);
    const proof = runCli(['simulate', path.join(models, 'ordered.model.json'), '--policy', 'explore', '--timing', 'any']);
    assert.equal(proof.code, 0, proof.stderr);
    assert.match(proof.stdout, /\(every reachable state, any timing\)\.$/m);
    const wrong = runCli(['simulate', file, '--timing', 'late']);
    assert.deepEqual([wrong.code, wrong.stderr.trim()], [2, 'lockstep: unknown timing "late" (expected one of: virtual, any)']);
  });

  test('events and counting semaphores: the stall, the cycle through a permit only the producer may release, in text and json', () => {
    const neverSet = runCli(['simulate', path.join(models, 'never-set.model.json')]);
    assert.equal(neverSet.code, 1, neverSet.stderr);
    assert.match(neverSet.stdout, /^ +1 {2}t=0 +waiter {2}waits for ready$/m);
    assert.match(neverSet.stdout, /^ {2}waiter {2}waiting {2}waits for event ready$/m);
    assert.match(neverSet.stdout, /^DEADLOCK at t=0 ms: waiter waits for ready, which no task will set$/m);
    assert.doesNotMatch(neverSet.stdout, /^Cycle:/m);
    const buffer = runCli(['simulate', path.join(models, 'buffer.model.json'), '--policy', 'explore']);
    assert.equal(buffer.code, 0, buffer.stdout + buffer.stderr);
    assert.match(buffer.stdout, /consumer +waits for a permit of full/);
    assert.match(buffer.stdout, /producer +gives back a permit of full \(1 free\)\n.*consumer +is granted a permit of full \(released by producer\)/, 'the waiting consumer takes it at once');
    assert.match(buffer.stdout, /\(every reachable state\)/);
    const buggy = runCli(['simulate', path.join(models, 'buggy-buffer.model.json'), '--policy', 'explore']);
    assert.equal(buggy.code, 1, buggy.stderr);
    assert.match(buggy.stdout, /^Cycle: consumer → full → producer → mutex → consumer$/m);
    const json = JSON.parse(runCli(['simulate', path.join(models, 'buggy-buffer.model.json'), '--policy', 'explore', '--format', 'json']).stdout) as SimulationJson;
    assert.deepEqual(json.deadlock!.stuck, ['consumer', 'producer']);
    assert.deepEqual(json.deadlock!.cycle, [
      { task: 'consumer', lock: 'full', holder: 'producer', potential: true },
      { task: 'producer', lock: 'mutex', holder: 'consumer' },
    ]);
  });

  test('--tasks runs copies and --format json gives the cycle, the final states and a replayable schedule', () => {
    const run = runCli(['simulate', DEADLOCKING, '--policy=explore', '--tasks', 'transfer=2,audit=1,endOfDay=0', '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout) as SimulationJson;
    assert.equal(json.formatVersion, 1);
    assert.equal(json.outcome, 'deadlock');
    assert.deepEqual(json.tasks, ['transfer#1', 'transfer#2', 'audit']);
    assert.deepEqual(new Set(json.deadlock!.cycle.map((edge) => edge.lock)), new Set(['accountsMutex', 'ledgerMutex']));
    assert.ok(json.final.some((task) => task.status === 'blocked' && task.waitsFor === 'ledgerMutex'));
    assert.ok(json.schedule.length > 0 && json.events.length > 0);
    assert.ok(json.exploration!.states > 0);
  });

  test('--format chrome-trace: trace-event JSON with a track per task, sources relative to the working folder, the deadlock', () => {
    const run = runCli(['simulate', DEADLOCKING, '--policy', 'explore', '--format', 'chrome-trace']);
    assert.equal(run.code, 1, run.stderr);
    const trace = JSON.parse(run.stdout) as ChromeTrace;
    const threads = trace.traceEvents.filter((event) => event.name === 'thread_name').map((event) => event.args!['name']);
    const tasks = (JSON.parse(runCli(['simulate', DEADLOCKING, '--policy', 'explore', '--format', 'json']).stdout) as SimulationJson).tasks;
    assert.deepEqual(threads, ['event loop', ...tasks]);
    assert.deepEqual(tasks.slice(0, 3), ['transfer', 'audit', 'endOfDay']);
    assert.equal(trace.traceEvents.find((event) => event.name === 'process_name')?.args?.['name'], DEADLOCKING);
    assert.ok(trace.traceEvents.some((event) => event.args?.['source'] === 'examples/src/lock-order.ts:18:5'), 'a step points at its source');
    assert.match(String(trace.traceEvents.find((event) => event.name === 'deadlock')?.args?.['description']), /^transfer holds accountsMutex and waits for ledgerMutex/);
  });

  // The classics, started by their own top-level code: each started call is an instance with its arguments.
  test('dining philosophers started in a loop deadlock around the table; taking the lower fork first does not', () => {
    const run = runCli(['simulate', 'examples/src/philosophers.ts', '--policy', 'explore']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^Cycle: dine\(0\)#1 → forks\[1\] → dine\(1\)#1 → forks\[2\] → dine\(2\)#1 → forks\[3\] → dine\(3\)#1 → forks\[4\] → dine\(4\)#1 → forks\[0\] → dine\(0\)#1$/m);
    const fixed = runCli(['simulate', 'examples/src/philosophers-ordered.ts', '--policy', 'explore']);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /No deadlock: every task finished\./);
    assert.match(fixed.stdout, /^Explored \d+ states?, \d+ transitions?, \d+ schedules? \(every reachable state\)\.$/m, 'exhaustive, over a model with no approximation');
    assert.doesNotMatch(fixed.stdout, /Approximations/);
    assert.match(fixed.stdout, /^ {2}dine\(4\)#1 +done$/m);
  });

  test('transfer(alice, bob) ∥ transfer(bob, alice) deadlock on the two accounts; ordered by id they do not', () => {
    const run = runCli(['simulate', 'examples/src/bank-transfer.ts', '--policy', 'explore', '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout) as SimulationJson;
    assert.deepEqual(json.tasks, ['bank-transfer.ts', 'transfer(alice, bob, 10)#1', 'transfer(bob, alice, 20)#1']);
    assert.deepEqual(json.deadlock!.cycle.map((edge) => [edge.task, edge.lock]), [['transfer(alice, bob, 10)#1', 'bob.lock'], ['transfer(bob, alice, 20)#1', 'alice.lock']]);
    assert.equal(json.approximations, undefined);
    // One instance alone, by its name (commas and all): nothing to deadlock with.
    const alone = runCli(['simulate', 'examples/src/bank-transfer.ts', '--policy', 'explore', '--tasks', 'bank-transfer.ts=0,transfer(alice, bob, 10)=1']);
    assert.equal(alone.code, 0, alone.stdout + alone.stderr);
    assert.match(alone.stdout, /^ {2}transfer\(alice, bob, 10\) +done$/m);
    const fixed = runCli(['simulate', 'examples/src/bank-transfer-ordered.ts', '--policy', 'explore']);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /^Explored \d+ states?, \d+ transitions?, \d+ schedules? \(every reachable state\)\.$/m);
  });

  test('a seed is reproducible', () => {
    const first = runCli(['simulate', ORDERED, '--policy', 'random', '--seed', '7']);
    assert.equal(first.stdout, runCli(['simulate', ORDERED, '--policy', 'random', '--seed', '7']).stdout);
    assert.match(first.stdout, /policy random \(seed 7\)/);
  });
});

describe('lockstep simulate usage errors exit 2 with a one-line reason', () => {
  const broken = tempTree({ 'bad.model.json': '{ "version": 1,', 'wrong.model.json': '{"version": 1, "uri": "x", "locks": [], "tasks": [{"name": "t", "steps": [{"kind": "acquire", "lock": "nope"}]}]}', 'a.ts': 'export function f() {}\n', 'notes.txt': 'hello' });
  const cases: [string, string[], RegExp, string?][] = [
    ['no file', ['simulate'], /simulate takes exactly one file \(given: 0\)/],
    ['two files', ['simulate', DEADLOCKING, ORDERED], /exactly one file \(given: 2\)/],
    ['missing file', ['simulate', 'no/such.model.json'], /no\/such\.model\.json: no such file/],
    ['unknown policy', ['simulate', DEADLOCKING, '--policy', 'lifo'], /unknown policy "lifo" \(expected one of: fifo, random, explore\)/],
    ['bad seed', ['simulate', DEADLOCKING, '--policy', 'random', '--seed', 'x'], /--seed x: expected a whole number/],
    ['seed without random', ['simulate', DEADLOCKING, '--seed', '3'], /--seed only applies to --policy random/],
    ['bad --tasks', ['simulate', DEADLOCKING, '--tasks', 'transfer'], /--tasks transfer: expected <name>=<count>/],
    ['unknown task in --tasks', ['simulate', DEADLOCKING, '--tasks', 'payroll=2'], /no task template is named "payroll"/],
    ['unknown format', ['simulate', DEADLOCKING, '--format', 'sarif'], /unknown format "sarif" \(expected one of: text, json, chrome-trace\)/],
    ['unknown flag', ['simulate', DEADLOCKING, '--fast'], /unknown option --fast/],
    ['invalid JSON', ['simulate', 'bad.model.json'], /bad\.model\.json: not valid JSON/, broken],
    ['not a model', ['simulate', 'wrong.model.json'], /not a concurrency model: .*tasks\[0\]\.steps\[0\]\.lock: no lock has the id "nope"/, broken],
    ['a source file without entry points', ['simulate', 'a.ts'], /a\.ts: a\.ts has no async entry point to model/, broken],
    ['neither model nor source', ['simulate', 'notes.txt'], /expected a \*\.model\.json file or a TypeScript\/JavaScript source file/, broken],
  ];
  for (const [name, args, reason, cwd] of cases) {
    test(name, () => {
      const run = runCli(args, cwd);
      assert.equal(run.code, 2, `${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, reason);
    });
  }
});
