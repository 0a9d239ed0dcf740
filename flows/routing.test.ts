/**
 * Jalna Mitra understands citizens as they write (issue 11): the routing set scores above target,
 * and each rule a citizen notices holds on the real flow — the first message routes, words inside
 * sentences, typos anywhere, the right service for "police" or "name change", a question when
 * unsure, the reply in the citizen's language, and `samvad explain` says why.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compile, nodeHost } from '@samvad/compiler';
import { step } from '@samvad/runtime';
import type { Graph, Outbound, Session, StepResult } from '@samvad/runtime';
import { beforeAll, describe, expect, it } from 'vitest';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const cli = here('../packages/cli/bin/samvad.js');
const FLOW = here('./jalna-mitra.flow');
const MINUTE = 60_000;

let graph: Graph;

beforeAll(() => {
  const result = compile(FLOW, nodeHost());
  if (result.graph === undefined) throw new Error('the flow did not compile');
  graph = result.graph;
});

/** Plays messages from a fresh conversation; returns every step. */
function play(...messages: string[]): StepResult[] {
  let session: Session | undefined;
  let now = 1_000_000;
  return messages.map((text) => {
    const result = step(graph, session, { kind: 'text', text }, { now: (now += 1_000) });
    session = result.session;
    return result;
  });
}

const last = (results: StepResult[]): StepResult => results[results.length - 1] as StepResult;
const said = (result: StepResult): string => JSON.stringify(result.outbound);
const menu = (result: StepResult): Extract<Outbound, { kind: 'menu' }> | undefined =>
  result.outbound.find((o): o is Extract<Outbound, { kind: 'menu' }> => o.kind === 'menu');

describe('the routing set (flows/tests/routing.tsv)', () => {
  it('is ≥ 98 % right overall (target 95; measured 100 %), ≥ 90 % in every class, with ≤ 1 % wrong routes', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing.tsv'), '--min', '98', '--min-class', '90', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const overall = /^overall\s+([\d.]+) % right\s+(\d+)\/(\d+)/mu.exec(run.stdout);
    expect(Number(overall?.[3])).toBeGreaterThanOrEqual(300);
    expect(run.stdout).toMatch(/^position: first message /mu);
    expect(run.stdout).toMatch(/^script: devanagari /mu);
    expect(run.stdout).toMatch(/^language: mr-rom /mu);
  });
});

describe('the held-out set (flows/tests/routing-holdout.tsv)', () => {
  it('stays at or above its measured level: ≥ 98 % right, ≤ 1 % wrong routes (measured 98.8 % and 0 %, 100 % after round five)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout.tsv'), '--min', '98', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the second held-out set (flows/tests/routing-holdout-2.tsv)', () => {
  it('stays at or above its measured level: ≥ 96 % right, ≤ 1 % wrong routes (measured 98.0 % and 0 %: "police verification for passport" shows both services)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-2.tsv'), '--min', '96', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the third held-out set (flows/tests/routing-holdout-3.tsv)', () => {
  it('stays at or above its measured level: ≥ 98 % right, ≤ 1 % wrong routes (measured 100 % and 0 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-3.tsv'), '--min', '98', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the fourth held-out set (flows/tests/routing-holdout-4.tsv)', () => {
  it('stays at or above its measured level: ≥ 96 % right, ≥ 90 % per class, ≤ 1 % wrong routes (first 93.3 % and 0.8 %, now 98.3 % and 0 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-4.tsv'), '--min', '96', '--min-class', '90', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the fifth held-out set (flows/tests/routing-holdout-5.tsv)', () => {
  it('stays at or above its measured level: ≥ 97 % right, ≥ 90 % per class, ≤ 1 % wrong routes (first 92.0 % and 3.5 %, now 98.5 % and 0 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-5.tsv'), '--min', '97', '--min-class', '90', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the sixth held-out set (flows/tests/routing-holdout-6.tsv)', () => {
  it('stays at or above its measured level: ≥ 96 % right, ≥ 85 % per class, ≤ 1 % wrong routes (first 93.2 % and 2.7 %, now 97.3 % and 0 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-6.tsv'), '--min', '96', '--min-class', '85', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the seventh held-out set (flows/tests/routing-holdout-7.tsv)', () => {
  it('stays at or above its measured level: ≥ 98 % right, ≥ 90 % per class, ≤ 1 % wrong routes (first 98.7 % and 0 %, now 100 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-7.tsv'), '--min', '98', '--min-class', '90', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the eighth held-out set (flows/tests/routing-holdout-8.tsv; one rule informed by it)', () => {
  it('stays at or above its measured level: ≥ 95 % right, ≥ 80 % per class, ≤ 1 % wrong routes (first 78.7 % and 0 %: English typed in Devanagari; now 96.7 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-8.tsv'), '--min', '95', '--min-class', '80', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the ninth held-out set (flows/tests/routing-holdout-9.tsv)', () => {
  it('stays at or above its measured level: ≥ 96 % right, ≤ 1 % wrong routes (first 94.1 % and 2.0 %, now 98.0 % and 0 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-9.tsv'), '--min', '96', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the tenth held-out set (flows/tests/routing-holdout-10.tsv, written after round four\'s changes)', () => {
  it('stays at or above its measured level: ≥ 95 % right, ≥ 80 % per class, ≤ 1 % wrong routes (first 92.2 % and 1.3 %, 92.9 % and 0.6 % after round four, 95.5 % and 0.6 % after round five)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-10.tsv'), '--min', '95', '--min-class', '80', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^overall\s+[\d.]+ % right\s+\d+\/154 /mu);
  });
});

describe('the eleventh held-out set (flows/tests/routing-holdout-11.tsv, written after round four\'s changes)', () => {
  it('stays at or above its measured level: ≥ 95 % right, ≥ 85 % per class, ≤ 1 % wrong routes (first 91.3 % and 2.9 %, 93.2 % and 1.9 % after two authoring errors were corrected, 95.1 % and 1.0 % after round five)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-11.tsv'), '--min', '95', '--min-class', '85', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

describe('the twelfth held-out set (flows/tests/routing-holdout-12.tsv, written before round five\'s changes)', () => {
  it('stays at or above its measured level: ≥ 95 % right, ≥ 85 % per class, ≤ 1 % wrong routes (first 87.1 % and 4.1 %, now 95.9 % and 0.7 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-12.tsv'), '--min', '95', '--min-class', '85', '--max-wrong', '1'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^overall\s+[\d.]+ % right\s+\d+\/147 /mu);
  });
});

describe('the thirteenth held-out set (flows/tests/routing-holdout-13.tsv, written after round five\'s changes, not tuned on)', () => {
  it('stays at or above its first score: ≥ 93 % right, ≥ 85 % per class, ≤ 3.5 % wrong routes (first 93.2 % and 3.4 %)', () => {
    const run = spawnSync(
      process.execPath,
      [cli, 'routing', FLOW, here('./tests/routing-holdout-13.tsv'), '--min', '93', '--min-class', '85', '--max-wrong', '3.5'],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^overall\s+[\d.]+ % right\s+\d+\/88 /mu);
  });
});

describe('every message can route', () => {
  it('a request as the first message gets a one-line welcome and that service', () => {
    const first = last(play('उत्पन्नाचा दाखला'));
    expect(first.event).toMatchObject({ node: 'rev_income', outcome: 'start', matchedBy: 'word', chosen: 'revenue.income' });
    expect(first.outbound[0]).toEqual({ kind: 'text', text: 'नमस्कार 🙏 *जालना मित्र* मध्ये आपले स्वागत आहे.' });
    expect(said(first)).toContain('उत्पन्नाचे प्रमाणपत्र');
  });

  it('a greeting or anything unrecognised as the first message gets the welcome menu', () => {
    for (const text of ['नमस्कार', 'good morning', 'asdfgh']) {
      expect(last(play(text)).event, text).toMatchObject({ node: 'home', outcome: 'start', matchedBy: 'none' });
    }
  });

  it('the first message after the idle timeout routes too, and back returns to the service menu', () => {
    const results = play('नमस्कार', '1');
    const stale = { ...last(results).session, updatedAt: 0 };
    const after = step(graph, stale, { kind: 'text', text: 'jaticha dakhla pahije' }, { now: 90 * MINUTE });
    expect(after.event).toMatchObject({ node: 'rev_caste', outcome: 'expired', matchedBy: 'word' });
    const back = step(graph, after.session, { kind: 'text', text: '#' }, { now: 90 * MINUTE + 1_000 });
    expect(back.event.node).toBe('revenue');
  });

  it('numbers keep their meaning on the current menu', () => {
    expect(last(play('नमस्कार', '1')).event).toMatchObject({ node: 'departments', matchedBy: 'number' });
  });
});

describe('words inside sentences, romanised, with typos', () => {
  it.each([
    ['mala utpanna dakhla pahije', 'rev_income'],
    ['caste certificate kasa milel', 'rev_caste'],
    ['light meter naav badal', 'elec_name_change'],
    ['ncl certificate', 'rev_ncl'],
    ['udyam registration', 'udyam'],
    ['new pancard', 'pan_new'],
    ['नवीन वीज कनेक्शन', 'elec_new'],
    ['jaat pramanpatra', 'rev_caste'],
    ['jeshtha nagrik praman patra', 'rev_senior'],
    ['मला माझ्या मुलासाठी जातीचा दाखला काढायचा आहे', 'rev_caste'],
    ['utpana dakhla kasa kadhaycha', 'rev_income'],
  ])('"%s" → %s', (text, node) => {
    expect(last(play('नमस्कार', text)).event.node).toBe(node);
    expect(last(play(text)).event.node).toBe(node);
  });

  it('a typo of a service anywhere in the bot reaches it: "pasport" at the welcome menu is the passport page', () => {
    expect(last(play('नमस्कार', 'pasport')).event).toMatchObject({ node: 'passport', matchedBy: 'word' });
  });

  it('a phrase beats its words apart: "pan card correction" is the correction, not a new PAN', () => {
    expect(last(play('pan card correction')).event.node).toBe('pan_correction');
  });
});

describe('the right service', () => {
  it.each([
    ['police', 'police_character'],
    ['पोलीस', 'police_character'],
    ['health', 'health'],
    ['आरोग्य', 'health'],
    ['food', 'food_safety'],
    ['नाव बदल', 'gazette_name_change'],
    ['name change', 'gazette_name_change'],
  ])('"%s" → %s, not a GR listing or another department\'s page', (text, node) => {
    expect(last(play('नमस्कार', text)).event.node).toBe(node);
  });

  it('on a menu, its own options come first: "police" at the GR department list picks Home (Police) GRs', () => {
    const results = play('नमस्कार', '2', '2', 'police');
    expect(last(results).event.chosen).toBe('gr_departments.home_dept');
  });

  it('at the electricity menu, "नाम परिवर्तन" is the name on the bill', () => {
    expect(last(play('नमस्कार', 'बिजली', 'नाम परिवर्तन')).event.node).toBe('elec_name_change');
  });
});

describe('no wrong service on split or borrowed evidence (held-out sets)', () => {
  it.each([
    ['pan card madhe naav chukla aahe', 'pan_correction'],
    ['pan card me naam galat hai', 'pan_correction'],
    ['pan card madhe janmatarikh chukli', 'pan_correction'],
  ])('"%s" → %s: the correction says what the citizen wants, "pan card" only which department', (text, node) => {
    expect(last(play(text)).event).toMatchObject({ node, matchedBy: 'word' });
  });

  it('"jat vaidhta" is caste validity, not the caste certificate: the short "jat" counts inside the phrase "जात वैधता"', () => {
    expect(last(play('jat vaidhta')).event).toMatchObject({ node: 'sw_caste_validity', matchedBy: 'word' });
    expect(last(play('jat')).event.node).toBe('rev_caste');
  });

  it('two services named at once ask, although the welcome option "Jalna Mitra" carries every word', () => {
    const asked = last(play('aadhaar ayushman'));
    expect(asked.event.outcome).toBe('asked');
    expect(menu(asked)?.options.map((o) => o.id)).toEqual(expect.arrayContaining(['health/ayushman', 'income_tax/aadhaar']));
    expect(['passport', 'police_character']).not.toContain(last(play('passport police')).event.node);
  });

  it('"ration card" is not the food department\'s GR listing; "ration GR" and "ration" at the GR departments are', () => {
    expect(last(play('ration card')).event.node).not.toBe('gr_by_department');
    expect(last(play('ration gr')).event.chosen).toBe('gr_departments.food_supplies');
    expect(last(play('नमस्कार', '2', '2', 'ration')).event.chosen).toBe('gr_departments.food_supplies');
  });
});

describe('the menu on screen and loanwords (fourth held-out set)', () => {
  it('"naav badal" at the electricity menu is the name on the bill; as a first message it is the gazette', () => {
    expect(last(play('नमस्कार', 'वीज', 'naav badal')).event.node).toBe('elec_name_change');
    expect(last(play('naav badal')).event.node).toBe('gazette_name_change');
  });

  it('at the electricity menu a message that names the gazette is still the gazette', () => {
    for (const text of ['naam badalna hai gazette me', 'gazette name change', 'rajpatra naav badal']) {
      expect(last(play('नमस्कार', 'वीज', text)).event.node, text).toBe('gazette_name_change');
    }
  });

  it('English words written in Devanagari reach the service: "कास्ट सर्टिफिकेट" is the caste certificate', () => {
    expect(last(play('कास्ट सर्टिफिकेट साठी काय कागदपत्र लागतात')).event).toMatchObject({ node: 'rev_caste', matchedBy: 'word' });
  });
});

describe('the menu on screen, the page the citizen is on, and misspelt function words (fifth held-out set)', () => {
  it('"navin" at the electricity menu is a new connection (the only option there saying it), not the latest GRs', () => {
    expect(last(play('नमस्कार', 'वीज', 'navin')).event).toMatchObject({ node: 'elec_new', matchedBy: 'word' });
    expect(last(play('नमस्कार', 'वीज', 'naav')).event.node).toBe('elec_name_change');
  });

  it('"arogya" at the GR department list is Public Health\'s GRs: the option on screen first, though the Health services tie', () => {
    const results = play('नमस्कार', '2', '2', 'arogya');
    expect(results[2]?.event.node).toBe('gr_departments');
    expect(last(results).event).toMatchObject({ chosen: 'gr_departments.public_health', matchedBy: 'word' });
    expect(last(play('arogya')).event.node).toBe('health');
  });

  it('"कागदपत्रे कोणती" on the caste certificate page gets a hint there, not the list of departments', () => {
    const results = play('जातीचा दाखला', 'कागदपत्रे कोणती');
    expect(results[0]?.event.node).toBe('rev_caste');
    expect(last(results).event).toMatchObject({ node: 'rev_caste', outcome: 'invalid', matchedBy: 'none' });
  });

  it('"मे" (में without its anusvara) is a function word: "आधार मे नाम सुधार" is the Aadhaar update', () => {
    expect(last(play('आधार मे नाम सुधार')).event.node).toBe('aadhaar_update');
  });

  it('"जाति वैधता प्रमाण पत्र" is caste validity: it explains "वैधता" as well as "जाति"', () => {
    expect(last(play('जाति वैधता प्रमाण पत्र')).event.node).toBe('sw_caste_validity');
    expect(last(play('jat vaidhata pramanpatra')).event.node).toBe('sw_caste_validity');
  });

  it('English words written in Devanagari with other vowels: "इन्कम सर्टिफिकेट", "फार्मर सर्टिफिकेट", "पॅन करेक्शन"', () => {
    expect(last(play('इन्कम सर्टिफिकेट')).event.node).toBe('rev_income');
    expect(last(play('फार्मर सर्टिफिकेट')).event.node).toBe('rev_farmer');
    expect(last(play('पॅन करेक्शन')).event.node).toBe('pan_correction');
  });

  it('English typed in Devanagari as it sounds: "नेम चेंज" at the electricity menu, "एनसीएल सर्टिफिकेट", "हॉस्पिटल"', () => {
    expect(last(play('नमस्कार', 'वीज', 'नेम चेंज')).event.node).toBe('elec_name_change');
    expect(last(play('एनसीएल सर्टिफिकेट')).event.node).toBe('rev_ncl');
    expect(last(play('हॉस्पिटल')).event.node).toBe('health');
  });

  it('"7/12" is one word: "farmer certificate ke liye 7/12 lagta hai kya" is the farmer certificate', () => {
    expect(last(play('farmer certificate ke liye 7/12 lagta hai kya')).event.node).toBe('rev_farmer');
    expect(last(play('७/१२ उतारा')).event.node).not.toBe('home');
  });
});

describe('requests the bot does not serve, and negations (round four: the known wrong routes)', () => {
  it('"bijli nahi hai" is a power cut, not the electricity menu: the welcome menu', () => {
    expect(last(play('bijli nahi hai')).event).toMatchObject({ node: 'home', matchedBy: 'none' });
    expect(last(play('bijli nahi hai subah se')).event.node).toBe('home');
  });

  it('"passport k liye police verification" is not the police character certificate: the departments, both on screen', () => {
    const result = last(play('passport k liye police verification'));
    expect(result.event.node).toBe('departments');
    expect(menu(result)?.options.map((o) => o.id)).toEqual(expect.arrayContaining(['departments/passport', 'departments/police']));
  });

  it('"pm kisan yojana" is not the farmer certificate: a scheme, so the bot asks', () => {
    const result = last(play('pm kisan yojana'));
    expect(result.event).toMatchObject({ outcome: 'asked' });
    expect(menu(result)?.options.map((o) => o.id)).toContain('revenue/farmer');
  });

  it('a certificate, licence or connection the bot has no word for gets the welcome menu', () => {
    for (const text of ['birth certificate kaise milega', 'जन्म दाखला पाहिजे', 'gas connection chahiye', 'marriage certificate']) {
      expect(last(play(text)).event.node, text).toBe('home');
    }
  });

  it('English words in Devanagari with other vowels: "सीनियर सिटीजन कार्ड बनवाना" is the senior citizen certificate', () => {
    expect(last(play('सीनियर सिटीजन कार्ड बनवाना')).event.node).toBe('rev_senior');
    expect(last(play('नमस्कार', 'वीज', 'न्यू')).event.node).toBe('elec_new');
  });
});

describe('round five: the known wrong routes of the twelfth held-out set', () => {
  it('a card, licence or tax the bot has no word for gets the welcome menu, not a question: "rashan card", "driving licence", "property tax"', () => {
    for (const text of ['ration card', 'rashan card naya banwana hai', 'driving licence renew', 'property tax bharaycha aahe', 'vivah praman patra chahiye']) {
      expect(last(play(text)).event, text).toMatchObject({ node: 'home', matchedBy: 'none' });
    }
  });

  it('what happened to a thing the bot does not offer is no service: "मतदान कार्ड हरवले" is not PAN correction', () => {
    expect(last(play('मतदान कार्ड हरवले')).event.node).toBe('home');
    expect(last(play('पॅन कार्ड हरवले')).event.node).toBe('pan_correction');
  });

  it('"light gayi hai subah se" is a power cut: the welcome menu', () => {
    expect(last(play('light gayi hai subah se')).event.node).toBe('home');
  });

  it('a GR about a department reaches the GR branch; a department\'s name without "GR" reaches the department', () => {
    const gr = last(play('aarogya vibhag GR'));
    expect(gr.event).toMatchObject({ node: 'gr_by_department', chosen: 'gr_departments.public_health' });
    expect(last(play('सार्वजनिक आरोग्य विभाग')).event.node).toBe('health');
  });

  it('a department named as a poster names it is its menu: "समाज कल्याण विभाग जिल्हा परिषद जालना"', () => {
    expect(last(play('समाज कल्याण विभाग जिल्हा परिषद जालना')).event.node).toBe('social_welfare');
  });

  it('"मेरे आधार कार्ड में जन्म तारीख गलत है" is the Aadhaar update, not the Income Tax menu', () => {
    expect(last(play('मेरे आधार कार्ड में जन्म तारीख गलत है उसको ठीक करवाना है')).event.node).toBe('aadhaar_update');
  });

  it('"thx" is thanks: the welcome menu, no question about Income Tax', () => {
    expect(last(play('thx')).event).toMatchObject({ node: 'home', matchedBy: 'none' });
  });
});

describe('when unsure, ask', () => {
  it('"कार्ड" asks which card, as buttons, and the answer "2" opens the second', () => {
    const asked = last(play('नमस्कार', 'कार्ड'));
    expect(asked.event).toMatchObject({ outcome: 'asked', node: 'home' });
    const question = menu(asked);
    expect(question?.body).toBe('आपल्याला यापैकी कोणती सेवा हवी आहे?');
    expect(question?.options.length).toBeGreaterThanOrEqual(2);
    expect(question?.options.length).toBeLessThanOrEqual(3);
    const second = question?.options[1];
    const picked = step(graph, asked.session, { kind: 'text', text: '2' }, { now: 2_000_000 });
    expect(`${picked.event.chosen?.replace('.', '/')}`).toBe(second?.id);
    const tapped = step(graph, asked.session, { kind: 'reply', id: second?.id ?? '' }, { now: 2_000_000 });
    expect(tapped.event.node).toBe(picked.event.node);
  });
});

describe('the reply is in the citizen\'s language', () => {
  it('"income certificate" as the first message is answered in English', () => {
    const first = last(play('income certificate'));
    expect(first.event).toMatchObject({ node: 'rev_income', language: 'en' });
    expect(said(first)).toContain('Income certificate');
  });

  it('"aay praman patra chahiye" is answered in Hindi, "mala utpanna dakhla pahije" in Marathi', () => {
    expect(last(play('aay praman patra chahiye')).event.language).toBe('hi');
    expect(last(play('mala utpanna dakhla pahije')).event.language).toBe('mr');
  });

  it('an explicit choice of language stays: after choosing English, "उत्पन्न" opens the English page', () => {
    const results = play('नमस्कार', '5', 'उत्पन्न');
    expect(last(results).event).toMatchObject({ node: 'rev_income', language: 'en' });
  });
});

describe('samvad explain', () => {
  it('prints the words, the candidates with scores and the decision', () => {
    const run = spawnSync(process.execPath, [cli, 'explain', FLOW, 'mala utpanna dakhla pahije'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/pahije\s+key \S+\s+ignored \(function word, mr\)/u);
    expect(run.stdout).toMatch(/utpanna\s+key utpn\s+exact utpn/u);
    expect(run.stdout).toMatch(/^\s+[\d.]+\s+own\s+[\d.]+ \+ inherited\s+[\d.]+\s+revenue\.income → rev_income/mu);
    expect(run.stdout).toContain('decision: option revenue.income → rev_income');
    expect(run.stdout).toContain('the bot: start → node rev_income');
  });

  it('--at names the node the citizen is at', () => {
    const run = spawnSync(process.execPath, [cli, 'explain', FLOW, 'police', '--at', 'gr_departments'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('chose gr_departments.home_dept');
    const bad = spawnSync(process.execPath, [cli, 'explain', FLOW, 'police', '--at', 'nowhere'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no node is named `nowhere`');
  });

  it('says why a message that reached the bot\'s words offers nothing: a complaint, a kind the bot does not offer', () => {
    const complaint = spawnSync(process.execPath, [cli, 'explain', FLOW, 'meter kharab hai'], { encoding: 'utf8' });
    expect(complaint.stdout).toContain('decision: none (a complaint, not a request');
    const birth = spawnSync(process.execPath, [cli, 'explain', FLOW, 'birth certificate'], { encoding: 'utf8' });
    expect(birth.stdout).toContain('named by a word the bot does not know');
  });

  it('says when the decision read one branch of the start menu only: "aarogya vibhag GR" names the GR branch', () => {
    const gr = spawnSync(process.execPath, [cli, 'explain', FLOW, 'aarogya vibhag GR'], { encoding: 'utf8' });
    expect(gr.stdout).toContain('decision: option gr_departments.public_health → gr_by_department (within home.gr: the message names that branch)');
    const health = spawnSync(process.execPath, [cli, 'explain', FLOW, 'सार्वजनिक आरोग्य विभाग'], { encoding: 'utf8' });
    expect(health.stdout).toContain('decision: option departments.health → health (listing filters off their menu left out');
  });

  it('--json names the options it would ask about (what the FLOW5005 check reads)', () => {
    const run = spawnSync(process.execPath, [cli, 'explain', FLOW, 'कार्ड', '--json'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const explained = JSON.parse(run.stdout) as { decision: string; asks?: string[] };
    expect(explained.asks).toEqual(expect.arrayContaining(['health.ayushman', 'health.abha']));
    expect(explained.decision).toBe(`ask: ${(explained.asks ?? []).join(' | ')}`);
  });
});
