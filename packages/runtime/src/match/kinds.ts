/**
 * Kinds of thing a citizen asks for — a scheme, a certificate, a card, a licence, a connection,
 * insurance, a tax, a bill —
 * and negations. A kind word says what sort of thing is wanted, not which one: "pm kisan yojana"
 * asks for a scheme, and the farmer *certificate* that "kisan" names is not one; "bijli nahi hai"
 * reports a power cut, which no service of the electricity menu is; "… for scholarship" says what
 * a request is for, not what is requested. The decision uses all three (see
 * `decide.ts`); the words are general, not a bot's: a bot's own words come from its labels.
 */
import { devaKey, isDevanagari, latinKey } from './keys.js';
import type { RankedToken } from './rank.js';
import { normalize } from './normalize.js';
import { toLatin } from './translit.js';
import type { WordIndex } from './word-index.js';

/** A kind of thing offered. */
export type Kind = 'scheme' | 'certificate' | 'card' | 'licence' | 'connection' | 'insurance' | 'tax' | 'bill';

const KIND_WORDS: Readonly<Record<Kind, readonly string[]>> = {
  scheme: ['yojana', 'yojna', 'scheme', 'schemes', 'योजना', 'योजनाएँ', 'योजनाएं'],
  // "प्रमाण" / "praman": the first half of "प्रमाण पत्र" written apart ("vivah praman patra").
  certificate: ['certificate', 'dakhla', 'dakhala', 'pramanpatra', 'praman', 'दाखला', 'प्रमाणपत्र', 'प्रमाण', 'सर्टिफिकेट'],
  card: ['card', 'कार्ड', 'id'],
  licence: ['license', 'licence', 'लायसन्स', 'लाइसेंस', 'परवाना', 'parvana'],
  connection: ['connection', 'कनेक्शन', 'जोडणी', 'jodani'],
  insurance: ['insurance', 'vima', 'bima', 'विमा', 'बीमा'],
  tax: ['tax', 'टॅक्स', 'टैक्स', 'कर'],
  bill: ['bill', 'बिल'],
};

/**
 * Words that name a department or office as such ("समाज कल्याण विभाग", "Income Tax Department",
 * "vibhag"): the citizen asks for the department, as a poster or a letterhead names it.
 */
const DEPARTMENTS: readonly string[] = ['vibhag', 'vibhaag', 'विभाग', 'department', 'dept', 'विभागाचे', 'विभागाची', 'विभागात', 'विभाग़', 'office', 'karyalay', 'कार्यालय', 'directorate', 'संचालनालय', 'निदेशालय', 'ministry', 'मंत्रालय'];
const DEPARTMENT_TEXTS: ReadonlySet<string> = new Set(DEPARTMENTS.map(normalize));

/** True when the message word names a department or office as such ("विभाग", "department"). */
export function isDepartmentWord(token: RankedToken): boolean {
  return DEPARTMENT_TEXTS.has(token.text);
}

/** Negations: a message that says something is not there, or did not come, may report a problem. */
const NEGATIONS: readonly string[] = ['nahi', 'nahin', 'nhi', 'nai', 'nahee', 'नाही', 'नहीं', 'नही', 'not', "didn't", 'didnt', 'nako', 'नको'];

/**
 * Complaints: a message that says something is broken, too much, off or gone ("light geli", "light gayi",
 * "meter kharab", "bill jast aale"), or that files a complaint, reports a problem no service answers.
 */
const COMPLAINTS: readonly string[] = [
  'complaint', 'complain', 'takrar', 'तक्रार', 'शिकायत', 'shikayat', 'kharab', 'khrab', 'खराब', 'jast', 'jasta', 'जास्त', 'jyada', 'zyada', 'ज्यादा',
  'geli', 'गेली', 'chali', 'चली', 'gayi', 'gai', 'gayee', 'गई', 'गयी', 'band', 'बंद', 'broken', 'burnt', 'jal', 'jala', 'jalala', 'जळाला', 'जल',
];

/** Words after which (Marathi, Hindi) or before which (English) a citizen names what a request is for. */
const PURPOSE_AFTER: ReadonlySet<string> = new Set(['liye', 'lie', 'लिए', 'लिये', 'sathi', 'sathee', 'साठी', 'साठि', 'karita', 'करिता']);
const PURPOSE_BEFORE: ReadonlySet<string> = new Set(['for']);
/** A Devanagari word with "साठी" glued on ("प्रवेशासाठी") is itself what the request is for. */
const GLUED_PURPOSE = /.(साठी|साठि)$/u;

/**
 * The positions of the words that say what a request is for, not what is requested: up to two
 * content words before "ke liye" / "sathi" / "साठी", or after "for" ("income certificate for
 * scholarship", "mulachi scholarship sathi utpannacha dakhla": the scholarship is the purpose).
 */
export function purposeWords(tokens: readonly RankedToken[]): Set<number> {
  const out = new Set<number>();
  const take = (from: number, step: number) => {
    let taken = 0;
    for (let p = from; p >= 0 && p < tokens.length && taken < 2; p += step) {
      const token = tokens[p];
      if (token === undefined || PURPOSE_AFTER.has(token.text) || PURPOSE_BEFORE.has(token.text)) break;
      if (token.stop !== undefined || token.text.length < 2) continue;
      out.add(p);
      taken += 1;
    }
  };
  tokens.forEach((token, p) => {
    if (PURPOSE_AFTER.has(token.text)) take(p - 1, -1);
    else if (PURPOSE_BEFORE.has(token.text)) take(p + 1, 1);
    else if (GLUED_PURPOSE.test(token.text)) out.add(p);
  });
  return out;
}

/** The loose keys a word has: its own, and for Devanagari its transliteration's. */
function keysOf(word: string): string[] {
  const text = normalize(word);
  return isDevanagari(text) ? [devaKey(text), latinKey(toLatin(text))] : [latinKey(text)];
}

const KIND_KEYS: ReadonlyMap<string, Kind> = (() => {
  const map = new Map<string, Kind>();
  for (const [kind, words] of Object.entries(KIND_WORDS) as [Kind, readonly string[]][]) {
    for (const word of words) for (const key of keysOf(word)) if (key.length >= 2) map.set(key, kind);
  }
  return map;
})();

const NEGATION_TEXTS: ReadonlySet<string> = new Set(NEGATIONS.map(normalize));
const COMPLAINT_TEXTS: ReadonlySet<string> = new Set(COMPLAINTS.map(normalize));

/**
 * True when the message word files a complaint or says something is broken, too much or gone —
 * and the bot has no word of its own for it: in a bot that registers complaints ("complaint",
 * "तक्रार" in a label or `words:`), the word is a request for that service.
 */
export function isComplaint(token: RankedToken): boolean {
  return token.hits.length === 0 && COMPLAINT_TEXTS.has(token.text);
}

/** The kind a message word names, by its key or a stem it reached (not a typo: "दाखवा", show, is not "दाखला"). */
export function kindOfToken(token: RankedToken): Kind | undefined {
  if (token.stop !== undefined) return undefined;
  const own = KIND_KEYS.get(token.key);
  if (own !== undefined) return own;
  for (const hit of token.hits) {
    if (hit.by !== 'stem' && hit.by !== 'exact') continue;
    const kind = KIND_KEYS.get(hit.key);
    if (kind !== undefined) return kind;
  }
  return undefined;
}

/** True when the message word is a negation ("nahi", "नाही", "not"). */
export function isNegation(token: RankedToken): boolean {
  return NEGATION_TEXTS.has(token.text);
}

const labelKinds = new WeakMap<WordIndex, ReadonlyMap<number, ReadonlySet<Kind>>>();
const ownLabelKinds = new WeakMap<WordIndex, ReadonlyMap<number, ReadonlySet<Kind>>>();

/**
 * The kinds a candidate's labels and `words:` name ("Income certificate" → certificate; "महात्मा
 * फुले जन आरोग्य योजना" on the Ayushman card → card and scheme), computed once per index.
 */
export function kindsOfLabels(index: WordIndex, candidate: number): ReadonlySet<Kind> {
  return kindsOf(index, candidate, labelKinds, (field) => field !== 'description');
}

/** The kinds a candidate's labels alone name ("PAN correction": none; "समाजकल्याण योजना": scheme), once per index. */
export function labelOnlyKinds(index: WordIndex, candidate: number): ReadonlySet<Kind> {
  return kindsOf(index, candidate, ownLabelKinds, (field) => field === 'label');
}

function kindsOf(
  index: WordIndex,
  candidate: number,
  cache: WeakMap<WordIndex, ReadonlyMap<number, ReadonlySet<Kind>>>,
  counts: (field: 'label' | 'word' | 'description') => boolean,
): ReadonlySet<Kind> {
  let all = cache.get(index);
  if (all === undefined) {
    const map = new Map<number, Set<Kind>>();
    for (const c of index.candidates) {
      const kinds = new Set<Kind>();
      for (const entry of c.entries) {
        if (!counts(entry.field)) continue;
        for (const slot of entry.slots) for (const { key } of slot) {
          const kind = KIND_KEYS.get(key);
          if (kind !== undefined) kinds.add(kind);
        }
      }
      map.set(c.index, kinds);
    }
    all = map;
    cache.set(index, all);
  }
  return all.get(candidate) ?? new Set();
}

/**
 * The positions of kind words right after a word the bot does not know: the message names a
 * thing of that kind the bot has no word for ("birth certificate", "जन्म दाखला", "driving
 * licence", "gas connection", "crop insurance", "property tax", "voter id").
 */
export function unknownOfKind(index: WordIndex, tokens: readonly RankedToken[]): Set<number> {
  const out = new Set<number>();
  tokens.forEach((token, p) => {
    const before = tokens[p - 1];
    // A word that says what the thing is for ("व्यक्तींसाठी योजना") does not name it.
    if (before === undefined || kindOfToken(token) === undefined || GLUED_PURPOSE.test(before.text) || !unknownWord(index, before)) return;
    out.add(p);
  });
  return out;
}

/**
 * A word of the message that may name something and that no label or `words:` entry of the bot's
 * services holds (a description may: "birth" in "date of birth"; so may a choice that only filters
 * a listing: "राशन" picks the food-supplies GRs, it is no ration card); not a function word, nor a
 * number.
 */
export function unknownWord(index: WordIndex, token: RankedToken): boolean {
  if (token.stop !== undefined || /^[\d/]+$/.test(token.text) || token.text.length < (token.script === 'deva' ? 2 : 3)) return false;
  return token.hits.every((hit) =>
    (index.postings.get(hit.key) ?? []).every((p) => {
      const candidate = index.candidates[p.candidate];
      return candidate?.entries[p.entry]?.field === 'description' || candidate?.option.set !== undefined;
    }),
  );
}
