/**
 * Splitting a message into words, and the words that never name a service: Marathi, Hindi and
 * English function words and request phrases ("mala … pahije", "कैसे मिलेगा", "how to get"),
 * typed in Devanagari or romanised. Each such word also tells which language the citizen writes.
 */
import type { Script } from './keys.js';
import { devaKey, isDevanagari } from './keys.js';
import { normalize } from './normalize.js';

/** One word of a message. */
export interface Token {
  /** Normalised (NFC, lower case, no punctuation). */
  readonly text: string;
  readonly script: Script;
  /** Its position among the message's words (stop words included). */
  readonly position: number;
}

/** A language a function word belongs to (romanised Marathi counts as Marathi). */
export type CueLanguage = 'mr' | 'hi' | 'en';

/** What a function word is: a word of one language, or a greeting (which tells no language). */
export type StopKind = CueLanguage | 'greeting';

/** Greetings and courtesies in any language: never a request, and no sign of the language. */
const GREETINGS = [
  'hi', 'hii', 'hello', 'helo', 'hey', 'namaste', 'namaskar', 'namskar', 'नमस्ते', 'नमस्कार', 'राम', 'जय', 'good', 'morning', 'evening', 'thanks',
  'thank', 'you', 'dhanyavad', 'धन्यवाद', 'ok', 'okay', 'ji', 'जी',
  // SMS spellings of thanks ("thx" has the key of "tax").
  'thx', 'thnx', 'thanx', 'tnx', 'tq', 'thanku', 'thankyou',
];

const MR = [
  'मला', 'माझा', 'माझी', 'माझे', 'आम्हाला', 'पाहिजे', 'पाहिजेत', 'हवा', 'हवी', 'हवे', 'आहे', 'आहेत', 'कसा', 'कशी', 'कसे', 'कसं', 'मिळेल',
  'मिळतो', 'मिळते', 'मिळवायचा', 'काढायचा', 'काढायचे', 'काढायची', 'काढायचं', 'करायचं', 'करायचा', 'करायचे', 'करायची', 'करावा', 'करावे', 'कुठे', 'काय', 'कोणती',
  'कोणते', 'कोणता', 'साठी', 'आणि', 'व', 'किंवा', 'बद्दल', 'माहिती', 'सांगा', 'द्या', 'कृपया', 'करा', 'करणे', 'लागतात', 'लागते', 'कोणकोणती',
  'mala', 'majha', 'mazha', 'maza', 'mazi', 'majhi', 'pahije', 'pahijet', 'pahije.', 'hava', 'havi', 'have', 'aahe', 'ahe', 'kasa', 'kashi', 'kase',
  'milel', 'milto', 'milte', 'kadhaycha', 'kadhayche', 'karaycha', 'karayche', 'karaychi', 'kuthe', 'kay', 'konti', 'konte', 'konta', 'sathi', 'ani',
  'kiwa', 'kinva', 'kinwa', 'baddal', 'mahiti', 'sanga', 'dya', 'kara', 'lagtat', 'lagte', 'kuthun', 'kasa?', 'bhau', 'saheb', 'mazya', 'majhya',
  // Postpositions written as words of their own ("pan card madhe", "bill var", "कार्ड मध्ये").
  'madhe', 'madhye', 'madhi', 'var', 'varil', 'varcha', 'kadun', 'kade', 'मध्ये', 'मधे', 'वर', 'वरील', 'कडून', 'कडे',
  // Negations: never a service's word (`kinds.ts` reads them as a reported problem).
  'नाही', 'नको', 'nako',
  // "make", "got": verbs of a request or a complaint, not of a service.
  // Possessives: "my", "our"; the genitive written apart ("tahsil che dakhle").
  'che', 'cha', 'chi', 'chya',
  'माझ्या', 'आमचा', 'आमची', 'आमचे', 'आमच्या', 'amcha', 'amchi', 'amche', 'amchya',
  'banvaycha', 'banvayche', 'banvaychi', 'banwaycha', 'बनवायचा', 'बनवायचे', 'बनवायची', 'मिळाला', 'मिळाली', 'मिळाले', 'milala', 'milali', 'milale',
];
const HI = [
  'मुझे', 'मेरा', 'मेरी', 'मेरे', 'हमें', 'चाहिए', 'चाहिये', 'है', 'हैं', 'कैसे', 'मिलेगा', 'मिलेगी', 'बनवाना', 'बनाना', 'बनवाने', 'करना', 'करवाना',
  'कहाँ', 'कहां', 'क्या', 'कौन', 'सा', 'सी', 'से', 'का', 'की', 'के', 'को', 'में', 'लिए', 'और', 'या', 'बारे', 'जानकारी', 'बताइए', 'बताओ', 'दीजिए', 'कृपया', 
  'होगा', 'हो', 'लगेंगे', 'लगते', 'चाहता', 'चाहती', 'हूँ', 'हूं', 'अपना', 'अपनी', 'कराना', 'निकालना', 'जी',
  'mujhe', 'muje', 'mera', 'meri', 'mere', 'hame', 'chahiye', 'chahie', 'chaiye', 'chahiya', 'hai', 'hain', 'kaise', 'kese', 'milega', 'milegi', 'banwana', 'banvana',
  'banana', 'karna', 'karwana', 'kahan', 'kaha', 'kya', 'kaun', 'se', 'ka', 'ki', 'ke', 'ko', 'mein', 'liye', 'lie', 'aur', 'ya', 'bare', 'jankari', 'batao',
  'bataiye', 'dijiye', 'hoga', 'ho', 'chahta', 'chahti', 'hu', 'hoon', 'apna', 'apni', 'karana', 'nikalna', 'ji',
  // "came", "went", "got": never a service ("aaya" is not "aay", income).
  'हमारा', 'हमारी', 'हमारे', 'hamara', 'hamari', 'hamare',
  'aaya', 'aya', 'aayi', 'aaye', 'आया', 'आये', 'gaya', 'gayi', 'गया', 'गयी', 'mila', 'mili', 'मिला', 'मिली',
  'नहीं', 'नही', 'nahi', 'nahin', 'nhi', 'nai',
];
const EN = [
  'i', 'me', 'my', 'we', 'want', 'wants', 'need', 'needs', 'needed', 'how', 'to', 'get', 'apply', 'applying', 'for', 'the', 'a', 'an', 'of', 'is', 'are', 'do',
  'can', 'please', 'pls', 'plz', 'what', 'where', 'which', 'about', 'info', 'information', 'tell', 'give', 'and', 'or', 'on', 'in', 'with', 'make', 'process',
  'required', 'procedure', 'kindly', 'hello', 'help', 'it', 'this', 'that', 'should', 'will', 'from', 'at', 'any', 'some', 'sir', 'madam',
  'doing', 'done', 'required?', 'us', 'our', 'be', 'am', 'not', "didn't", 'didnt',
];

/** Function words, by normalised spelling, with their language. */
const STOP: ReadonlyMap<string, StopKind> = (() => {
  const map = new Map<string, StopKind>();
  for (const [lang, words] of [['en', EN], ['hi', HI], ['mr', MR], ['greeting', GREETINGS]] as const) {
    for (const word of words) map.set(normalize(word), lang);
  }
  return map;
})();

/** What kind of function word this is, or undefined for a word that may name something. */
export function stopWord(text: string): StopKind | undefined {
  return STOP.get(text);
}

/**
 * A Devanagari function word as citizens misspell it: long and short vowel signs alike, the
 * anusvara or candrabindu dropped ("मे" for "में", "कहा" for "कहाँ", "साठि" for "साठी").
 */
function looseDeva(text: string): string {
  return devaKey(text).replace(/ं/g, '');
}

const LOOSE_STOP: ReadonlyMap<string, StopKind> = (() => {
  const map = new Map<string, StopKind>();
  for (const [word, kind] of STOP) {
    if (!isDevanagari(word)) continue;
    const loose = looseDeva(word);
    if (!map.has(loose)) map.set(loose, kind);
  }
  return map;
})();

/**
 * Like `stopWord`, also for a Devanagari function word misspelt (vowel length, a dropped
 * anusvara). For message words only: the index keeps whatever an author wrote. `key`: the word's
 * loose key, when the caller has it (`devaKey` of a Devanagari word).
 */
export function looseStopWord(text: string, key?: string): StopKind | undefined {
  const strict = STOP.get(text);
  if (strict !== undefined || !isDevanagari(text)) return strict;
  return LOOSE_STOP.get((key ?? devaKey(text)).replace(ANUSVARA, ''));
}

const ANUSVARA = /ं/g;

/** A word: digits joined by slashes ("7/12", the land record extract) stay one word. */
const WORD = /\d+(?:\/\d+)+|[^\s\p{P}\p{S}]+/gu;

/** The words of a message, normalised, in order. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of normalize(text).matchAll(WORD)) {
    const piece = match[0];
    tokens.push({ text: piece, script: isDevanagari(piece) ? 'deva' : 'latin', position: tokens.length });
  }
  return tokens;
}
