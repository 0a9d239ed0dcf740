/**
 * Language-server benchmark, through the protocol: the real `samvad lsp` spawned, keystroke-like
 * edits sent as `didChange`, and the time until the edited file's `publishDiagnostics` arrives.
 * Every published result is checked: a keystroke that breaks a target must bring FLOW2001 at that
 * place, the next one (its undo) must bring the file back to clean, and typing in a text must keep
 * it clean. A wrong result stops the benchmark (exit 1): a figure for wrong diagnostics is no figure.
 *
 *   node_modules/.bin/tsx bench/lsp/run.ts [--edits 200] [--big-edits 40]
 *
 * 1. Jalna Mitra (flows/, 13 files): edits to departments/revenue.flow, median and p95
 *    (targets < 20 ms / < 50 ms); the server's RSS with it open (target < 150 MB).
 * 2. The generated ~5,000-node bot (bench/compile/generate.ts, one file): median (target < 100 ms).
 * Wall times include waiting for a core on a shared machine; the server's CPU time per edit does not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, copyFlows, positionAt } from '../../packages/lsp/test/support/client.js';
import type { PublishedDiagnostic } from '../../packages/lsp/test/support/client.js';
import { countNodes, treeOfAbout } from '../shared/menu-tree.js';
import { treeToFlow } from '../compile/generate.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const EDITS = arg('--edits', 200);
const BIG_EDITS = arg('--big-edits', 40);
const WARMUP = 10;
/** How long the server is left idle before its memory is read again (V8 gives memory back when idle). */
const IDLE_MS = 5_000;
let memory = '';

const idle = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One keystroke: where, what, and what the diagnostics must then be. */
interface Keystroke {
  readonly offset: number;
  readonly remove: number;
  readonly insert: string;
  readonly expect: (d: readonly PublishedDiagnostic[]) => string | undefined;
  /** True for the keystrokes that leave a parse error (and their undo): the file is not read cleanly. */
  readonly syntax?: boolean;
}

const syntaxError = (line: number) => (d: readonly PublishedDiagnostic[]) =>
  d.length > 0 && d.every((x) => x.code?.startsWith('FLOW1') === true) && d.some((x) => x.range.start.line === line)
    ? undefined
    : `expected a parse error (FLOW1xxx) on line ${line + 1}, got ${JSON.stringify(d.map((x) => [x.code, x.range.start.line]))}`;
const clean = (d: readonly PublishedDiagnostic[]) => (d.length === 0 ? undefined : `expected no diagnostics, got ${d.map((x) => x.code).join(', ')}`);
const unknownTarget = (name: string, line: number) => (d: readonly PublishedDiagnostic[]) => {
  const hit = d.find((x) => x.code === 'FLOW2001' && x.range.start.line === line && x.message.includes(`unknown target \`${name}\``));
  return hit !== undefined && d.length === 1 ? undefined : `expected FLOW2001 for \`${name}\` on line ${line + 1}, got ${JSON.stringify(d.map((x) => [x.code, x.range.start.line, x.message.split('\n')[0]]))}`;
};

/**
 * Keystrokes cycling through four kinds, each then undone: a letter typed after a target (FLOW2001
 * there), a letter typed inside an option's English label and inside a page's English text (clean
 * both), and the `>` of that target's `->` deleted (a parse error: the file no longer reads
 * cleanly, as in the middle of typing a line).
 */
function keystrokes(text: string, target: string, labelAnchor: string, pageAnchor: string, count: number): Keystroke[] {
  const arrow = text.indexOf(`-> ${target}`);
  const targetEnd = arrow + 3 + target.length;
  const inLabel = text.indexOf(labelAnchor) + labelAnchor.length;
  const inPage = text.indexOf(pageAnchor) + pageAnchor.length;
  if (targetEnd < 3 + target.length || inLabel < labelAnchor.length || inPage < pageAnchor.length) throw new Error('benchmark anchors not found');
  const line = positionAt(text, targetEnd).line;
  const out: Keystroke[] = [];
  for (let i = 0; out.length < count; i += 1) {
    const letter = String.fromCharCode(97 + (i % 26));
    out.push({ offset: targetEnd, remove: 0, insert: letter, expect: unknownTarget(`${target}${letter}`, line) });
    out.push({ offset: targetEnd, remove: 1, insert: '', expect: clean });
    out.push({ offset: inLabel, remove: 0, insert: letter, expect: clean });
    out.push({ offset: inLabel, remove: 1, insert: '', expect: clean });
    out.push({ offset: inPage, remove: 0, insert: letter, expect: clean });
    out.push({ offset: inPage, remove: 1, insert: '', expect: clean });
    out.push({ offset: arrow + 1, remove: 1, insert: '', expect: syntaxError(line), syntax: true });
    out.push({ offset: arrow + 1, remove: 0, insert: '>', expect: clean, syntax: true });
  }
  return out.slice(0, count);
}

/** Sends the keystrokes one at a time; returns the milliseconds from each send to its diagnostics. */
async function type(client: LspClient, path: string, strokes: readonly Keystroke[]): Promise<number[]> {
  const times: number[] = [];
  for (const k of strokes) {
    const text = client.text(path);
    const since = client.count;
    const started = performance.now();
    await client.edit(path, [{ range: { start: positionAt(text, k.offset), end: positionAt(text, k.offset + k.remove) }, newText: k.insert }]);
    const { diagnostics, at } = await client.diagnostics(path, since);
    const wrong = k.expect(diagnostics);
    if (wrong !== undefined) throw new Error(`wrong diagnostics after a keystroke: ${wrong}`);
    times.push(at - started);
  }
  return times;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** A table row's figures: median, p95, max of all keystrokes; median of those around a parse error. */
function figures(strokes: readonly Keystroke[], times: readonly number[]): string {
  const syntax = times.filter((_, i) => strokes[i]?.syntax === true);
  return [percentile(times, 50), percentile(times, 95), Math.max(...times), percentile(syntax, 50)].map((t) => t.toFixed(1)).join(' | ');
}

/** CPU time (user + system) the process has used, in ms (from /proc: 10 ms ticks, so read over many keystrokes). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function jalna(): Promise<void> {
  const folder = copyFlows();
  try {
    const { client } = await LspClient.start(folder.dir);
    const root = join(folder.dir, 'jalna-mitra.flow');
    const revenue = join(folder.dir, 'departments/revenue.flow');
    let since = client.count;
    await client.open(root);
    await client.diagnostics(root, since);
    since = client.count;
    await client.open(revenue);
    const opened = await client.diagnostics(revenue, since);
    if (clean(opened.diagnostics) !== undefined) throw new Error(`Jalna Mitra is not clean: ${clean(opened.diagnostics)}`);
    await idle(IDLE_MS);
    const rssOpen = rssMb(client.child.pid as number);
    const strokes = keystrokes(client.text(revenue), 'rev_caste', 'en: "Income certificate', 'en: "📄 *Income certificate', WARMUP + EDITS);
    await type(client, revenue, strokes.slice(0, WARMUP));
    const cpuBefore = cpuMs(client.child.pid as number);
    const times = await type(client, revenue, strokes.slice(WARMUP));
    const cpu = (cpuMs(client.child.pid as number) - cpuBefore) / EDITS;
    const rss = rssMb(client.child.pid as number);
    await idle(IDLE_MS);
    const rssAfter = rssMb(client.child.pid as number);
    console.log(`| Jalna Mitra (13 files), edits to departments/revenue.flow | ${EDITS} | ${figures(strokes.slice(WARMUP), times)} | ${cpu.toFixed(1)} | ${rss.toFixed(0)} |`);
    memory = `Jalna Mitra open: server RSS ${rssOpen.toFixed(0)} MB once opened (after ${IDLE_MS / 1000} s idle), ${rss.toFixed(0)} MB right after the keystrokes, ${rssAfter.toFixed(0)} MB after ${IDLE_MS / 1000} s idle`;
    await client.stop();
  } finally {
    folder.remove();
  }
}

async function generated(): Promise<void> {
  const folder = copyFlows();
  try {
    const tree = treeOfAbout(5000);
    const path = join(folder.dir, 'bench.flow');
    const text = treeToFlow(tree);
    writeFileSync(path, text);
    const { client } = await LspClient.start(folder.dir);
    const since = client.count;
    await client.open(path);
    const opened = await client.diagnostics(path, since, () => true, 120_000);
    if (clean(opened.diagnostics) !== undefined) throw new Error(`the generated bot is not clean: ${clean(opened.diagnostics)}`);
    // A target in the middle of the file, and an English text near it.
    const middle = text.indexOf('\nmenu ', text.length >> 1);
    const option = /option o\d+ -> (\S+)/.exec(text.slice(middle));
    const target = option?.[1] ?? '';
    const anchor = text.slice(text.indexOf('en: "Choose an option', middle)).split('\n')[0]?.slice(0, -2) ?? '';
    // It has no `words:`: a label and a text cost the same to check, so one anchor (a menu's text) serves both.
    const strokes = keystrokes(text, target, anchor, anchor, WARMUP + BIG_EDITS);
    await type(client, path, strokes.slice(0, WARMUP));
    const cpuBefore = cpuMs(client.child.pid as number);
    const times = await type(client, path, strokes.slice(WARMUP));
    const cpu = (cpuMs(client.child.pid as number) - cpuBefore) / BIG_EDITS;
    const rss = rssMb(client.child.pid as number);
    console.log(`| generated bot, ${countNodes(tree)} nodes (${(text.length / 1024).toFixed(0)} KiB, one file) | ${BIG_EDITS} | ${figures(strokes.slice(WARMUP), times)} | ${cpu.toFixed(1)} | ${rss.toFixed(0)} |`);
    await client.stop();
  } finally {
    folder.remove();
  }
}

console.log(`Language server benchmark — ${new Date().toISOString()} — node ${process.version}; keystroke → publishDiagnostics of the edited file, wall ms, every result checked`);
console.log('');
console.log('| bot | edits | median ms | p95 ms | max ms | median ms, parse-error edits | server CPU ms per edit (mean) | server RSS MB |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
try {
  await jalna();
  await generated();
  console.log('');
  console.log(memory);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
