// The bundle's one import of TypeScript (esbuild.mjs routes every other `import ts from 'typescript'` here). esbuild
// gives each module that imports a CommonJS package its own copy of the package's exports, a getter per export —
// TypeScript has ~2,000, and some 30 modules import it: ~60 ms at every start, and a second getter on every `ts.x`.
export { default } from 'typescript';
