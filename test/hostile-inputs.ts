// Hostile inputs shared by the LSP and CLI tests (and the robustness suite).

/** One floating promise on line 2: the finding every hostile neighbour must leave standing. */
export const NORMAL = `async function save(): Promise<void> {}\nsave();\n`;

/** Each ends inside a construct the scanner must give up on; the finding on the line before still stands. */
export const UNTERMINATED: Record<string, string> = {
  'unterminated-string.ts': `${NORMAL}const s = 'never closed\n`,
  'unterminated-template.ts': `${NORMAL}const t = \`never \${closed\n`,
  'unterminated-comment.ts': `${NORMAL}/* never closed\n`,
  'unterminated-regex.ts': `${NORMAL}const r = /never closed\n`,
  'unterminated-jsx.tsx': `${NORMAL}const j = <div><span>never closed\n`,
};

/** About 10 MB of generated declarations: over the default lockstep.maxFileSizeKB (2048). */
export function tenMegabytes(): string {
  const line = `export const value_0000000 = Promise.resolve(${'1'.repeat(20)});\n`;
  return Array.from({ length: Math.ceil((10 * 1024 * 1024) / line.length) }, (_, i) => line.replace('0000000', String(i).padStart(7, '0'))).join('');
}

/** Brackets 10,000 deep: far past what TypeScript's recursive parser survives. */
export function deeplyNested(depth = 10_000): string {
  return `async function save(): Promise<void> {}\n${'('.repeat(depth)}save()${')'.repeat(depth)};\n`;
}

/**
 * Deep syntax without deep brackets, each a few KB: 1,700 `!`, generics 570 deep, an 800-call method chain, a
 * 1,000-term `||` chain, a 12 KB `+` chain `tsc` accepts (the rules' walkers do not), an `else if` chain of 1,200.
 */
export const DEEP_WITHOUT_BRACKETS: Record<string, string> = {
  'deep-not.ts': `export const x = ${'!'.repeat(1_700)}true;
`,
  'deep-generics.ts': `type A<T> = T;
export type B = ${'A<'.repeat(570)}string${'>'.repeat(570)};
`,
  'deep-chain.ts': `declare const o: { m(): typeof o };
export const c = o${'.m()'.repeat(800)};
`,
  'deep-or.ts': `declare const a: boolean;
export const d = ${Array(1_000).fill('a').join(' || ')};
`,
  'deep-plus.ts': `export const s = ${Array(2_400).fill("'a'").join(' + ')};
`,
  'deep-else.ts': `declare const n: number;
export let r = 0;
${Array.from({ length: 1_200 }, (_, i) => `if (n === ${i}) { r = ${i}; }`).join(' else ')}
`,
};

/** Bytes that are not text (NUL among them). */
export function binaryBytes(): Buffer {
  return Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256));
}

/** A type whose every instantiation spells out all orders of its members: 5 members are 120 tuples, 8 are 40,320. */
const PERMUTATIONS = 'type Orders<T extends string, U extends string = T> = [T] extends [never] ? [] : T extends T ? [T, ...Orders<Exclude<U, T>>] : never;\n';

/**
 * Slow to type-check in many short steps: each dropped call's promise type is a fresh instantiation that takes the
 * checker a while (about 0.15 s each here), so the analysis takes seconds but stops between any two of them.
 */
export function slowInManySteps(calls = 60): string {
  const parts = Array.from({ length: calls }, (_, i) =>
    `export async function order${i}(): Promise<Orders<'a' | 'b' | 'c' | 'd' | 'e' | 'k${i}'>> { return null!; }\norder${i}();\n`);
  return PERMUTATIONS + parts.join('');
}

/**
 * Slow in one step: one type-checker call that nothing can interrupt — a promise of 3 × 40,320 tuples, about 17 s
 * here and 9 s on a machine twice as fast, so it outlasts a time limit of 2 s plus the thread's 3 s of grace on either.
 */
export function slowInOneStep(): string {
  const eight = (letters: string) => `Orders<${[...letters].map((letter) => `'${letter}'`).join(' | ')}>`;
  return `${PERMUTATIONS}export async function orders(): Promise<${['abcdefgh', 'ijklmnop', 'qrstuvwx'].map(eight).join(' | ')}> { return null!; }\norders();\n`;
}
