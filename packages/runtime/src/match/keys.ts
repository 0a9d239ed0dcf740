/**
 * Loose keys: what two spellings of one word have in common. A Devanagari word keeps its script
 * with its vowel signs loosened (`जाती` = `जाति`, `पॅन` = `पन`); a Latin word, typed or
 * transliterated from Devanagari, becomes a phonetic skeleton (`utpanna`, `utpana`, `utpann` →
 * `utpn`; `jeshtha`, `jyeshta` → `jest`). Both run per message: plain loops, no regex per letter.
 */

/** The script of a token. */
export type Script = 'deva' | 'latin';

/**
 * The Indic scripts Unicode lays out like Devanagari (the ISCII order), 0x80 code points apart:
 * Bengali (0980), Gurmukhi, Gujarati (0A80), Oriya, Tamil, Telugu, Kannada, Malayalam (0D00).
 * Their words are keyed as the Devanagari letters at the same places, so a bot in Gujarati is
 * matched like one in Marathi (ગુજરાતી and गुजराती have one key).
 */
const INDIC_LAST = 0x0d7f;

/** True when the text contains a Devanagari letter, or one of the Indic scripts keyed as Devanagari. */
export function isDevanagari(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x0900 && c <= INDIC_LAST) return true;
  }
  return false;
}

/** The text with the letters of the other Indic scripts written as the Devanagari at the same place. */
export function foldToDevanagari(text: string): string {
  let first = -1;
  for (let i = 0; i < text.length && first < 0; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x0980 && c <= INDIC_LAST) first = i;
  }
  if (first < 0) return text; // the common case: nothing to fold, nothing allocated
  let folded = text.slice(0, first);
  for (let i = first; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    folded += c >= 0x0980 && c <= INDIC_LAST ? String.fromCharCode(0x0900 + ((c - 0x0900) % 0x80)) : text[i];
  }
  return folded;
}

/** Devanagari vowel signs and marks folded to one spelling each; `''` deletes. */
const DEVA_FOLD: Readonly<Record<string, string>> = {
  'ी': 'ि', // long i → short
  'ू': 'ु', // long u → short
  'ै': 'े',
  'ौ': 'ो',
  'ॉ': 'ो', // candra o (ऑफिस) → o
  'ॅ': '', // candra e (पॅन) → inherent a
  'ँ': 'ं', // candrabindu → anusvara
  '़': '', // nukta (ज़ → ज)
  'ई': 'इ',
  'ऊ': 'उ',
  'ऐ': 'ए',
  'औ': 'ओ',
  'ऑ': 'ओ',
  'ऍ': 'ए',
  'ऱ': 'र', // eyelash ra (शेतकऱ्या)
  'ळ': 'ल',
  'ण': 'न',
  'श': 'स',
  'ष': 'स',
};

/** A Devanagari token's loose key. */
export function devaKey(token: string): string {
  let out = '';
  for (const ch of foldToDevanagari(token)) {
    const folded = DEVA_FOLD[ch];
    out += folded ?? ch;
  }
  // A half न before a consonant is an anusvara (हिन्दी = हिंदी) — not before य, र, ल, व or ह,
  // where it is an n of its own (न्यू, new; अन्य).
  return out.replace(/न्(?=[क-मस])/g, 'ं');
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);

/**
 * A Latin token's phonetic skeleton: `h` after a consonant dropped (kh, th, sh, ph…), `ch` kept
 * apart as `C`, c → k or s, w → v, z → j, q → k, x → ks, f → p, y after a consonant dropped, the
 * vowel a dropped except first, ri/ru after a consonant → r, ee/oo → i/u, doubled letters once.
 */
export function latinKey(token: string): string {
  const s = token.toLowerCase();
  const out: string[] = [];
  const n = s.length;
  // True when an `a` was dropped since the last letter kept: `mahavitaran`'s h follows a vowel.
  let droppedA = false;
  // Whether an `a` was dropped just before the last letter kept (ka-ri is not the vocalic r of kri).
  let gapBeforePrev = false;
  for (let i = 0; i < n; i += 1) {
    let c = s[i] as string;
    const next = i + 1 < n ? (s[i + 1] as string) : '';
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) continue;
    const prev = out.length > 0 ? (out[out.length - 1] as string) : '';
    const afterConsonant = !droppedA && prev !== '' && !VOWELS.has(prev);
    if (c === 'c') {
      if (next === 'h') {
        // ch, chh → C
        i += 1;
        while (i + 1 < n && s[i + 1] === 'h') i += 1;
        c = 'C';
      } else {
        c = next === 'e' || next === 'i' || next === 'y' ? 's' : 'k';
      }
    } else if (c === 'h' && afterConsonant) continue;
    else if (c === 'w') c = 'v';
    else if (c === 'z') c = 'j';
    else if (c === 'q') c = 'k';
    else if (c === 'f') c = 'p';
    else if (c === 'x') {
      pushLetter(out, 'k');
      c = 's';
    } else if (c === 'y' && afterConsonant) continue;
    else if (c === 'a' && out.length > 0) {
      droppedA = true;
      continue;
    } else if ((c === 'i' || c === 'u') && prev === 'r' && !droppedA && !gapBeforePrev && out.length >= 2 && isConsonant(out[out.length - 2])) {
      // ri / ru straight after a consonant: the vocalic r (कृषी: krushi, krishi)
      continue;
    } else if (c === 'e' && next === 'e') {
      c = 'i';
      i += 1;
    } else if (c === 'o' && next === 'o') {
      c = 'u';
      i += 1;
    }
    gapBeforePrev = droppedA;
    droppedA = false;
    pushLetter(out, c);
  }
  // A silent final e after a consonant (police, gazette).
  if (out.length >= 4 && out[out.length - 1] === 'e' && isConsonant(out[out.length - 2])) out.pop();
  return out.join('');
}

function isConsonant(c: string | undefined): boolean {
  return c !== undefined && !VOWELS.has(c) && !(c >= '0' && c <= '9');
}

/** Appends a letter unless it doubles the last one. */
function pushLetter(out: string[], c: string): void {
  if (out[out.length - 1] !== c) out.push(c);
}

/** Marathi and Hindi case endings and postpositions glued to a Devanagari word, longest first. */
const DEVA_SUFFIXES: readonly string[] = [
  'साठि', 'मध्ये', 'मधे', 'कडुन', 'कडे', 'वरिल', 'वर', 'च्या', 'चा', 'चि', 'चे', 'ला', 'ना', 'ने', 'नि', 'त', 'ांचा', 'ांचे',
  'ांचि', 'ांना', 'ांसाठि', 'ात', 'ाचा', 'ाचि', 'ाचे', 'ाला', 'ासाठि', 'ाने', 'ां', 'ं', 'ा', 'े', 'का', 'कि', 'के', 'को', 'में', 'से',
  'वाला', 'वालि', 'वाले', 'ानुसार', 'अनुसार', 'ायचे', 'ायचा', 'ायचि', 'ायला', 'ायचं', 'णे', 'ना', 'नी', 'ने',
  // Past-tense endings of a Marathi verb (चुकला, चुकली, चुकले; हरवले).
  'लि', 'ले',
  // Spoken Marathi writes चे as चं (नागरिकाचं, तिचं).
  'चं', 'ाचं', 'िचं',
  // The genitive of a feminine noun ending in a consonant (जमिनीची मोजणी, जमिनीच्या); "with" (आधारशी).
  'िचा', 'िचि', 'िचे', 'िच्या', 'सि',
];

/** The same endings as they look in a Latin key (`cha` → `C`, `sathi` → `sti`, `madhe` → `mde`). */
const LATIN_SUFFIXES: readonly string[] = ['iC', 'iCi', 'iCe', 's', 'yC', 'yCe', 'yCi', 'yl', 'sti', 'mde', 'mdhe', 'vr', 'Ce', 'Ci', 'C', 'l', 'n', 'ne', 'ni', 'ki', 'ke', 'k', 'ko', 'se', 'me', 'men', 'vl', 'vli', 'vle', 'ke', 'li', 'le'];

/**
 * Stems of a key with a case ending or postposition removed (the key itself not included), for a
 * lookup after the whole key missed: `उत्पन्नाचा` → `उत्पन्न`, `दाखल्यासाठी` → `दाखला`.
 */
export function stems(key: string, script: Script): string[] {
  const found: string[] = [];
  const add = (stem: string) => {
    if (stem.length >= 2 && stem !== key && !found.includes(stem)) found.push(stem);
  };
  const suffixes = script === 'deva' ? DEVA_SUFFIXES : LATIN_SUFFIXES;
  for (const suffix of suffixes) {
    if (key.length > suffix.length + 1 && key.endsWith(suffix)) {
      const stem = key.slice(0, -suffix.length);
      add(stem);
      if (script === 'deva') {
        // Oblique stems: दाखल्या → दाखला, शेतकर्या → शेतकरि, उत्पन्ना → उत्पन्न.
        if (stem.endsWith('्या')) {
          add(`${stem.slice(0, -3)}ा`);
          add(`${stem.slice(0, -3)}ि`);
        }
        if (stem.endsWith('ा')) add(stem.slice(0, -1));
      }
    }
  }
  return found;
}

/**
 * The consonants of a Latin key, after its first letter (any first vowel as `a`): how an English word and its
 * Devanagari spelling's transliteration still agree when the vowels do not (`income` → `inkom`,
 * इन्कम → `inkama` → `inkm`: both `inkm`; `farmer`/फार्मर → `prmr`). `-tion` counts as `-shan`, as
 * Devanagari writes it (`correction`/करेक्शन → `krksn`); `y` and `h` are dropped.
 */
export function consonantSkeleton(key: string): string {
  const k = key.replace(/ti(?=[aeiou])/g, 's');
  // A first vowel is any vowel: इलेक्ट्रिसिटी (ilektrisiti) is electricity.
  let out = VOWELS.has(k.charAt(0)) ? 'a' : k.charAt(0);
  for (let i = 1; i < k.length; i += 1) {
    const c = k.charAt(i);
    if (VOWELS.has(c) || c === 'y' || c === 'h' || c === out.charAt(out.length - 1)) continue;
    out += c;
  }
  return out;
}

/** English letters by their names, as an acronym is said and written in Devanagari (एनसीएल = NCL). */
const LETTER_NAMES: Readonly<Record<string, string>> = {
  a: 'e', b: 'bi', c: 'si', d: 'di', e: 'i', f: 'ef', g: 'ji', h: 'ech', i: 'ai', j: 'je', k: 'ke', l: 'el', m: 'em',
  n: 'en', o: 'o', p: 'pi', q: 'kyu', r: 'ar', s: 'es', t: 'ti', u: 'yu', v: 'vi', w: 'dablyu', x: 'eks', y: 'vai', z: 'jed',
};

/**
 * How an English word sounds, spelt as Devanagari writes it (before `latinKey`): `name` → `neme`
 * (नेम), `change` → `chenj` (चेंज), `new` → `nyu` (न्यू), `measurement` → `mejarment` (मेजरमेंट),
 * `agriculture` → `agriculchar`, `application` → `applicashan`, `scholarships` → `skolarship`; an
 * acronym (`acronym` true: written in capitals) by its letters' names, `NCL` → `ensiel` (एनसीएल).
 */
export function englishSound(word: string, acronym: boolean): string {
  const w = word.toLowerCase();
  if (acronym) return [...w].map((c) => LETTER_NAMES[c] ?? c).join('');
  return w
    .replace(/s$/, '')
    .replace(/^sch/, 'sk')
    .replace(/[ts]ion/g, 'shan')
    .replace(/sure/g, 'jar')
    .replace(/ture/g, 'char')
    .replace(/ea/g, 'e')
    .replace(/ew/g, 'yu')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/a([^aeiou]{1,2})e$/, 'e$1e')
    .replace(/d?ge$/, 'j');
}

/**
 * A word's vowel frame: its consonants in order with each run of vowels as `V` (`y` and `h`
 * counted as vowels, doubled letters once) — except the first run, written as its class: `A` for
 * `a`, `I` for `e`/`i`, `O` for `o`/`u` (see `framesAgree`). The way an English word and its
 * Devanagari spelling still agree when the vowel letters differ: `senior` → `sInVr` and सीनियर
 * (`siniyar`) → `sInVr`; `citizen` and सिटीजन (`sitijan`) → `sItVjVn`; but `list` (`lIst`) is not
 * `lost` (`lOst`). `devanagari`: the text is a transliteration, whose final inherent `a` is
 * silent; else an English word, whose final `e` after a consonant is.
 */
export function vowelFrame(word: string, devanagari: boolean): string {
  let w = word.toLowerCase();
  if (devanagari) w = w.replace(/([^aeiou])a$/, '$1');
  else w = w.replace(/ce$/, 's').replace(/ge$/, 'j').replace(/([^aeiou])e$/, '$1');
  let out = '';
  let first = true;
  for (let i = 0; i < w.length; i += 1) {
    let c = w.charAt(i);
    const next = w.charAt(i + 1);
    if (c === 'c') {
      if (next === 'h') {
        c = 'C';
        i += 1;
      } else if (next === 'k') continue;
      else c = next === 'e' || next === 'i' || next === 'y' ? 's' : 'k';
    } else if (VOWELS.has(c) || c === 'y' || c === 'h') {
      const last = out.charAt(out.length - 1);
      if (last === 'V' || last === 'A' || last === 'I' || last === 'O') continue;
      if (first && c !== 'h' && c !== 'y') {
        c = c === 'a' ? 'A' : c === 'e' || c === 'i' ? 'I' : 'O';
        first = false;
      } else c = 'V';
    } else if (c === 'w') c = 'v';
    else if (c === 'z') c = 'j';
    else if (c === 'q') c = 'k';
    else if (c === 'f') c = 'p';
    else if (c === 'x') {
      if (!out.endsWith('k')) out += 'k';
      c = 's';
    } else if (c < 'a' || c > 'z') continue;
    if (!out.endsWith(c)) out += c;
  }
  return out;
}

/**
 * The frame with its first vowel class as `V`: the lookup key (`sInVr` → `sVnVr`). Whether the
 * two first vowels agree is `framesAgree`'s question.
 */
export function frameKey(frame: string): string {
  return frame.replace(/[AIO]/, 'V');
}

/**
 * True when an English word's frame and a Devanagari word's frame agree: the same key, and first
 * vowels not one front (`e`, `i`) and the other back (`o`, `u`) — an `a` on either side may be
 * any (name = नेम, survey = सर्वे, certificate = सर्टिफिकेट), but `list` is not `lost`.
 */
export function framesAgree(english: string, devanagari: string): boolean {
  if (frameKey(english) !== frameKey(devanagari)) return false;
  const e = /[AIO]/.exec(english)?.[0];
  const d = /[AIO]/.exec(devanagari)?.[0];
  return !((e === 'I' && d === 'O') || (e === 'O' && d === 'I'));
}

/** How many consonants a vowel frame holds. */
export function frameConsonants(frame: string): number {
  let n = 0;
  for (const c of frame) if (c !== 'V' && c !== 'A' && c !== 'I' && c !== 'O') n += 1;
  return n;
}
