/**
 * Matcher benchmark: what understanding a typed message costs against the real Jalna Mitra bot.
 * 1. `step` for citizen messages typed at the welcome menu (the routing set's messages), steps/s;
 * 2. `explainMessage`'s core — tokens, keys, lookups, scores, decision — for 10-word sentences,
 *    µs per message (only when this runtime has it: the same file runs against older commits).
 * Every sentence must first reach its service (else exit 1). The word index is built once before
 * measuring (it is built once per graph at load).
 * Usage: node_modules/.bin/tsx bench/runtime/matching.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, nodeHost } from '@samvad/compiler';
import * as runtime from '@samvad/runtime';
import type { Graph, Session } from '@samvad/runtime';

const MEASURE_MS = Number(process.env['BENCH_MS'] ?? 1000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Ten-word sentences as citizens write them (Marathi, Hindi, English, romanised, code-mixed), and the service each must reach. */
const ROUTED: readonly (readonly [sentence: string, node: string])[] = [
  ['mala maza utpanna dakhla lagech pahije tar kasa milel sanga', 'rev_income'],
  ['मला माझ्या मुलासाठी जातीचा दाखला काढायचा आहे कागदपत्रे कोणती लागतात', 'rev_caste'],
  ['मुझे अपने पिताजी के लिए वरिष्ठ नागरिक प्रमाण पत्र चाहिए', 'rev_senior'],
  ['how can i apply for a new pan card online please', 'pan_new'],
  ['light bill var vadilanche naav aahe te badlaycha aahe kasa', 'elec_name_change'],
  ['hamare gaon me naya bijli connection kaise milega kripya bataiye sir', 'elec_new'],
  ['sir ayushman card kadhaycha aahe tar documents kay lagtat sanga', 'ayushman'],
  ['i want to change my name in the gazette what documents', 'gazette_name_change'],
  ['माझ्या शेताची जमीन मोजणी करायची आहे अर्ज कुठे करायचा', 'land_measurement'],
  ['udyam registration kasa karaycha small business sathi lagte ka sir', 'udyam'],
];
const SENTENCES = ROUTED.map(([sentence]) => sentence);

function measure(work: () => void): number {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MEASURE_MS) {
    for (let i = 0; i < 200; i += 1) work();
    n += 200;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

const result = compile(here('../../flows/jalna-mitra.flow'), nodeHost());
if (result.graph === undefined) throw new Error('flows/jalna-mitra.flow did not compile');
const graph: Graph = result.graph;
const routing = readFileSync(here('../../flows/tests/routing.tsv'), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('message\t'))
  .map((line) => line.split('\t')[0] ?? '');
const now = 1_000_000;
const greeted = runtime.step(graph, undefined, { kind: 'text', text: 'नमस्कार' }, { now });
const atHome: Session = greeted.session;

let i = 0;
const stepAtHome = () => {
  const text = routing[i % routing.length] ?? 'hi';
  i += 1;
  runtime.step(graph, atHome, { kind: 'text', text }, { now: now + 1 });
};
let j = 0;
const stepSentence = () => {
  const text = SENTENCES[j % SENTENCES.length] ?? '';
  j += 1;
  runtime.step(graph, atHome, { kind: 'text', text }, { now: now + 1 });
};
const explain = (runtime as Record<string, unknown>)['explainMessage'] as ((g: Graph, t: string) => unknown) | undefined;
let k = 0;
const matchSentence = () => {
  const text = SENTENCES[k % SENTENCES.length] ?? '';
  k += 1;
  explain?.(graph, text);
};

// The work must be right before it is timed: every sentence reaches its service.
const misrouted = ROUTED.filter(([text, node]) => runtime.step(graph, atHome, { kind: 'text', text }, { now: now + 1 }).session.node !== node);
if (misrouted.length > 0) {
  console.error(`matching bench: ${misrouted.length} sentence(s) did not reach their service: ${misrouted.map(([t, n]) => `"${t}" → ${n}`).join('; ')}`);
  process.exit(1);
}

// Warm up (and build the word index once, as loading a graph does).
const warm = MEASURE_MS;
const until = performance.now() + warm;
while (performance.now() < until) {
  stepAtHome();
  stepSentence();
  matchSentence();
}

const best = { routing: 0, sentence: 0, match: 0 };
for (let r = 0; r < ROUNDS; r += 1) {
  best.routing = Math.max(best.routing, measure(stepAtHome));
  best.sentence = Math.max(best.sentence, measure(stepSentence));
  if (explain !== undefined) best.match = Math.max(best.match, measure(matchSentence));
}
const us = (perSecond: number) => (perSecond === 0 ? '–' : `${(1e6 / perSecond).toFixed(1)} µs`);
console.log(`node ${process.version}, ${ROUNDS} rounds of ${MEASURE_MS} ms, best round`);
console.log(`step, routing-set messages at the welcome menu: ${Math.round(best.routing)} steps/s (${us(best.routing)} per step)`);
console.log(`step, 10-word sentences at the welcome menu:    ${Math.round(best.sentence)} steps/s (${us(best.sentence)} per step)`);
console.log(
  explain === undefined
    ? 'matching alone: not in this runtime'
    : `matching alone (explainMessage), 10-word sentences: ${Math.round(best.match)} /s (${us(best.match)} per message)`,
);
