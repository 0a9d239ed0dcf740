/**
 * Runtime benchmark, one run: our `step` in memory vs XState 5 `transition()` vs inkjs on the
 * same 4,681-node menu tree; `step` through the SQLite session store; and the size of a
 * Jalna-like session. Usage: node_modules/.bin/tsx bench/runtime/run.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Compiler, Story } from 'inkjs/full';
import { initialTransition, transition } from 'xstate';
import { step } from '@samvad/runtime';
import { SqliteSessionStore } from '@samvad/runtime/sqlite';
import type { Graph, Inbound, Session } from '@samvad/runtime';
import { countNodes, menuTree } from '../shared/menu-tree.js';
import { treeToGraph, treeToInk, treeToMachine } from './equivalents.js';
import { jalnaSessionSizes } from './session-size.js';

const BRANCHING = 8;
const DEPTH = 4;
const MEASURE_MS = Number(process.env['BENCH_MS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

/** A small seeded PRNG (mulberry32) so every engine walks the same kind of path. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `stepOnce` in batches of 1,000 until `MEASURE_MS` has passed; returns steps/s. */
function measure(stepOnce: () => void): number {
  let steps = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_MS) {
    for (let i = 0; i < 1000; i += 1) stepOnce();
    steps += 1000;
    elapsed = performance.now() - start;
  }
  return (steps / elapsed) * 1000;
}

/** The messages a citizen sends at a menu, by option (made once, so the loop does not build strings). */
const NUMBERS: readonly string[] = Array.from({ length: BRANCHING }, (_, i) => String(i + 1));
/** The XState events for the same choices, likewise made once. */
const CHOOSE: readonly { type: string }[] = Array.from({ length: BRANCHING }, (_, i) => ({ type: `CHOOSE_${i + 1}` }));
const BACK = { type: 'BACK' };
const HOME = { type: 'HOME' };

/** The random walk's next message: a number at a menu, back (70 %) or home at a page. */
function nextText(graph: Graph, node: string, rnd: () => number): string {
  if (graph.nodes[node]?.kind === 'page') return rnd() < 0.7 ? '#' : '0';
  return NUMBERS[Math.floor(rnd() * BRANCHING)] ?? '1';
}

function samvadStepper(graph: Graph): () => void {
  const rnd = random(1);
  let now = 1_700_000_000_000;
  let session: Session = step(graph, undefined, { kind: 'text', text: 'hi' }, { now }).session;
  return () => {
    now += 1;
    const inbound: Inbound = { kind: 'text', text: nextText(graph, session.node, rnd) };
    session = step(graph, session, inbound, { now }).session;
  };
}

function xstateStepper(tree: ReturnType<typeof menuTree>): () => void {
  const machine = treeToMachine(tree);
  const leaves = new Set<string>();
  const collect = (n: ReturnType<typeof menuTree>) => {
    if (n.children.length === 0) leaves.add(n.id);
    n.children.forEach(collect);
  };
  collect(tree);
  const rnd = random(1);
  let [snapshot] = initialTransition(machine);
  return () => {
    const at = snapshot.value as string;
    const event = leaves.has(at) ? (rnd() < 0.7 ? BACK : HOME) : (CHOOSE[Math.floor(rnd() * BRANCHING)] ?? BACK);
    [snapshot] = transition(machine, snapshot, event);
  };
}

function inkStepper(tree: ReturnType<typeof menuTree>): { stepOnce: () => void; compileMs: number } {
  const started = performance.now();
  const compiled = new Compiler(treeToInk(tree)).Compile();
  const json = compiled.ToJson();
  if (json === undefined) throw new Error('ink compile produced no JSON');
  const compileMs = performance.now() - started;
  const story = new Story(json);
  story.ContinueMaximally();
  const rnd = random(1);
  const stepOnce = () => {
    const choices = story.currentChoices.length;
    const index = choices === 2 ? (rnd() < 0.7 ? 0 : 1) : Math.floor(rnd() * choices);
    story.ChooseChoiceIndex(index);
    story.ContinueMaximally();
  };
  return { stepOnce, compileMs };
}

function sqliteStepper(graph: Graph, store: SqliteSessionStore): () => void {
  const users = Array.from({ length: 1000 }, (_, i) => `9198${String(i).padStart(8, '0')}`);
  const rnd = random(2);
  let now = 1_700_000_000_000;
  let turn = 0;
  return () => {
    const user = users[turn % users.length] ?? '';
    turn += 1;
    now += 1;
    const session = store.getSync(user);
    const text = session === undefined ? 'hi' : nextText(graph, session.node, rnd);
    const result = step(graph, session, { kind: 'text', text }, { now });
    store.putSync(user, result.session);
  };
}

type Engine = 'samvad' | 'xstate' | 'ink' | 'sqlite' | 'sqliteExclusive';
const ENGINES: readonly Engine[] = ['samvad', 'xstate', 'ink', 'sqlite', 'sqliteExclusive'];

/** One measurement of one engine, in this (fresh) process: warm up, then measure. */
function measureEngine(engine: Engine): { stepsPerSecond: number; compileMs?: number } {
  const tree = menuTree(BRANCHING, DEPTH);
  const graph = treeToGraph(tree);
  const run = (stepOnce: () => void) => {
    measure(stepOnce); // warm-up
    return measure(stepOnce);
  };
  switch (engine) {
    case 'samvad':
      return { stepsPerSecond: run(samvadStepper(graph)) };
    case 'xstate':
      return { stepsPerSecond: run(xstateStepper(tree)) };
    case 'ink': {
      const ink = inkStepper(tree);
      return { stepsPerSecond: run(ink.stepOnce), compileMs: ink.compileMs };
    }
    case 'sqlite':
    case 'sqliteExclusive': {
      const dir = mkdtempSync(join(tmpdir(), 'samvad-bench-'));
      const store = new SqliteSessionStore(join(dir, 'sessions.db'), { locking: engine === 'sqlite' ? 'normal' : 'exclusive' });
      try {
        return { stepsPerSecond: run(sqliteStepper(graph, store)) };
      } finally {
        void store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    default: {
      const never: never = engine;
      throw new Error(`unknown engine ${String(never)}`);
    }
  }
}

/** Runs one measurement in a child process (a clean heap each time; the same loader as this one). */
function inChild(engine: Engine): { stepsPerSecond: number; compileMs?: number } {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--engine', engine], {
    encoding: 'utf8',
    env: process.env,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`bench child ${engine} failed: ${child.stderr}`);
  return JSON.parse(line) as { stepsPerSecond: number; compileMs?: number };
}

const engineArg = process.argv.indexOf('--engine');
if (engineArg >= 0) {
  const engine = ENGINES.find((e) => e === process.argv[engineArg + 1]);
  if (engine === undefined) throw new Error(`--engine must be one of ${ENGINES.join(', ')}`);
  console.log(JSON.stringify(measureEngine(engine)));
} else {
  main();
}

/**
 * Every measurement runs in its own child process so no engine inherits another's heap (ink's
 * compile leaves hundreds of MB; XState's snapshots slow a neighbour's GC). Rounds alternate the
 * engines so that all of them share the machine's noise; each engine's best round is kept.
 */
function main(): void {
  const tree = menuTree(BRANCHING, DEPTH);
  const round = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`runtime bench: tree ${BRANCHING}×depth ${DEPTH} (${countNodes(tree).toLocaleString('en-US')} nodes), best of ${ROUNDS} alternating rounds (ink: 2) of ${MEASURE_MS} ms, one child process per measurement`);
  console.log(`node ${process.version}, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const best: Record<string, number> = {};
  let compileMs = 0;
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const engine of ENGINES) {
      if (engine === 'ink' && r >= 2) continue;
      const result = inChild(engine);
      best[engine] = Math.max(best[engine] ?? 0, result.stepsPerSecond);
      if (result.compileMs !== undefined) compileMs = result.compileMs;
    }
  }
  const ours = best['samvad'] ?? 0;
  const xstate = best['xstate'] ?? 1;
  const inkRate = best['ink'] ?? 1;
  console.log(`samvad step (memory):        ${round(ours)} steps/s`);
  console.log(`xstate 5 transition():       ${round(xstate)} steps/s   → samvad is ${(ours / xstate).toFixed(1)}× (target ≥30×)`);
  console.log(`inkjs choose+continue:       ${round(inkRate)} steps/s   (story compiled once in ${round(compileMs)} ms) → samvad is ${(ours / inkRate).toFixed(1)}×`);
  console.log(`samvad step + SQLite (WAL):  ${round(best['sqlite'] ?? 0)} steps/s   (getSync → step → putSync, 1,000 users, file on disk; target ≥20,000)`);
  console.log(`  same, locking: 'exclusive':  ${round(best['sqliteExclusive'] ?? 0)} steps/s`);
  const sizes = jalnaSessionSizes();
  console.log(`session JSON, ${sizes.flow}: ${sizes.steps} steps → ${sizes.finalBytes} bytes at the end, largest ${sizes.maxBytes} bytes (${sizes.maxAt}) (target <1 KB)`);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
