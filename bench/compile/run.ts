/**
 * Compile benchmark: our `compile()` (parse + check + lower + emit + validate) against inkjs's
 * `Compiler` on the same 4,681-node menu tree, in one process, several runs each (median), then
 * our compile time at about 500 / 5,000 / 50,000 nodes to show linear growth.
 *
 *   node_modules/.bin/tsx bench/compile/run.ts [--runs 7]
 */
import { createHash } from 'node:crypto';
import { Compiler } from 'inkjs/full';
import { validateGraph } from '@samvad/runtime';
import { compile, emitGraph, memoryHost } from '@samvad/compiler';
import { parse } from '@samvad/dsl';
import { countNodes, menuTree, treeOfAbout } from '../shared/menu-tree.js';
import type { TreeNode } from '../shared/menu-tree.js';
import { treeToFlow, treeToInk } from './generate.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const WARMUP = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median CPU time (user + system, this process) of `work`, in ms. CPU time rather than wall time:
 * the benchmark machine is shared, and waiting for a core is not the compiler's cost.
 */
function time(runs: number, work: () => void): number {
  for (let i = 0; i < WARMUP; i += 1) work(); // JIT, parser construction, Ajv compile, heap sizing
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    samples.push((used.user + used.system) / 1000);
  }
  return median(samples);
}

function compileFlow(text: string): string {
  const result = compile('bench.flow', memoryHost({ 'bench.flow': text }));
  if (result.graph === undefined || result.diagnostics.length > 0) {
    throw new Error(`the generated flow does not compile cleanly: ${result.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  }
  return emitGraph(result.graph);
}

function compileInk(text: string): void {
  const compiler = new Compiler(text);
  compiler.Compile();
  if (compiler.errors.length > 0) throw new Error(`ink errors: ${compiler.errors.slice(0, 3).join('; ')}`);
}

const tree = menuTree(8, 4);
const nodes = countNodes(tree);
const flow = treeToFlow(tree);
const ink = treeToInk(tree);
const ours = time(RUNS, () => compileFlow(flow));
const parseOnly = time(RUNS, () => void parse(flow, 'bench.flow'));
const checked = time(RUNS, () => void compile('bench.flow', memoryHost({ 'bench.flow': flow }), { checkOnly: true }));
const theirs = time(Math.max(3, Math.ceil(RUNS / 2)), () => compileInk(ink));

// What the emitted graph alone costs to handle, whatever compiler made it: the floor under any
// `compile()` that builds this graph as objects, validates it with Ajv, hashes and prints it.
const emitted = compileFlow(flow);
const graphObject: unknown = JSON.parse(emitted);
const floor = {
  build: time(RUNS, () => void JSON.parse(emitted)),
  validate: time(RUNS, () => void validateGraph(graphObject)),
  hash: time(RUNS, () => void createHash('sha256').update(Buffer.from(emitted, 'utf16le')).digest('hex')),
  print: time(RUNS, () => void JSON.stringify(graphObject, null, 2)),
};
const floorTotal = floor.build + floor.validate + floor.hash + floor.print;

const fmt = (ms: number) => ms.toFixed(1).padStart(9);
console.log(`Compile benchmark — ${new Date().toISOString()} — node ${process.version}, ${RUNS} runs, median CPU time`);
console.log('');
console.log(`| compiler | source | nodes | median CPU ms |`);
console.log(`| --- | --- | ---: | ---: |`);
console.log(`| samvad compile() | ${(flow.length / 1024).toFixed(0)} KiB .flow | ${nodes} | ${fmt(ours)} |`);
console.log(`| — parse() alone (@samvad/dsl) | | ${nodes} | ${fmt(parseOnly)} |`);
console.log(`| — parse + check (compile checkOnly) | | ${nodes} | ${fmt(checked)} |`);
console.log(`| inkjs Compiler | ${(ink.length / 1024).toFixed(0)} KiB .ink | ${nodes} | ${fmt(theirs)} |`);
console.log('');
console.log(`samvad is ${(theirs / ours).toFixed(1)}× faster than inkjs (target ≥ 20×: ${(theirs / 20).toFixed(0)} ms or less)`);
console.log('');
console.log(`The emitted graph alone (${(emitted.length / 1e6).toFixed(1)} M characters), median CPU ms — a floor under any compile that`);
console.log(`builds it as objects, validates, hashes and prints it:`);
console.log(`| build (JSON.parse) | validate (Ajv) | hash (SHA-256) | print (JSON.stringify) | total | inkjs ÷ total |`);
console.log(`| ---: | ---: | ---: | ---: | ---: | ---: |`);
console.log(`| ${fmt(floor.build)} | ${fmt(floor.validate)} | ${fmt(floor.hash)} | ${fmt(floor.print)} | ${fmt(floorTotal)} | ${(theirs / floorTotal).toFixed(1)}× |`);
console.log('');
console.log(`| target | nodes | .flow KiB | median CPU ms | ns per node |`);
console.log(`| ---: | ---: | ---: | ---: | ---: |`);
for (const target of [500, 5000, 50000]) {
  const sized: TreeNode = treeOfAbout(target);
  const text = treeToFlow(sized);
  const count = countNodes(sized);
  const ms = time(target >= 50000 ? 3 : RUNS, () => compileFlow(text));
  console.log(`| ~${target} | ${count} | ${(text.length / 1024).toFixed(0)} | ${ms.toFixed(1)} | ${((ms * 1e6) / count).toFixed(0)} |`);
}
