/**
 * The fourth round of routing rules (issue 11, held-out sets 5–9 and the maintainers' known wrong
 * routes): what a message asks for besides which service — a kind of thing the bot does not
 * offer, a negation, a purpose — and English words written in Devanagari whose vowels differ.
 */
import { describe, expect, it } from 'vitest';
import { devaKey, framesAgree, vowelFrame } from '../src/match/keys.js';
import { purposeWords } from '../src/match/kinds.js';
import { rankTokens } from '../src/match/rank.js';
import { toLatin } from '../src/match/translit.js';
import { wordIndex } from '../src/match/word-index.js';
import { decisionOf, label, menu, option, page } from './helpers/decision.js';
import { makeGraph } from './helpers/graph.js';

// A small Jalna Mitra: services and a "Government schemes / GR" option on the welcome menu.
const graph = makeGraph({
  home: menu([
    option('services', 'departments', label('Departments and services'), ['certificate', 'dakhla']),
    option('gr', 'gr', label('Government schemes / GR', 'शासकीय योजना / शासन निर्णय'), ['yojana', 'योजना', 'gr']),
  ]),
  departments: menu(
    [
      option('revenue', 'revenue', label('Revenue', 'महसूल'), ['certificate', 'dakhla', 'दाखला']),
      option('passport', 'passport', label('Passport', 'पासपोर्ट')),
      option('police', 'police', label('Police (Home)', 'पोलीस (गृह)'), ['police verification']),
      option('electricity', 'electricity', label('MSEDCL (electricity)', 'महावितरण (वीज)'), ['light', 'bijli', 'बिजली']),
      option('welfare', 'welfare', label('Social welfare'), []),
    ],
    'home',
  ),
  revenue: menu(
    [
      option('income', 'income', label('Income certificate', 'उत्पन्नाचा दाखला'), ['aay', 'utpanna']),
      option('farmer', 'farmer', label('Farmer certificate', 'शेतकरी दाखला'), ['kisan']),
      option('senior', 'senior', label('Senior citizen', 'ज्येष्ठ नागरिक')),
    ],
    'departments',
  ),
  electricity: menu(
    [
      option('new', 'elec_new', label('New connection', 'नवीन कनेक्शन'), ['connection']),
      option('name', 'elec_name', label('Name on the bill', 'वीज बिलावरील नाव'), ['light bill name change', 'वीज बिलावर नाव बदल']),
    ],
    'departments',
  ),
  welfare: menu([option('scholarship', 'scholarship', label('Scholarships', 'शिष्यवृत्ती')), option('schemes', 'schemes', label('Welfare schemes'), ['divyang', 'inter caste marriage'])], 'departments'),
  gr: page('home'),
  passport: page('departments'),
  police: page('departments'),
  income: page('revenue'),
  farmer: page('revenue'),
  senior: page('revenue'),
  elec_new: page('electricity'),
  elec_name: page('electricity'),
  scholarship: page('welfare'),
  schemes: page('welfare'),
});
const index = wordIndex(graph);

/** The decision for a message, as "option <menu>.<id>", "menu <id>", "ask" or "none". */
const decision = (text: string, screen?: string): string => decisionOf(index, text, screen);

describe('two services named at once', () => {
  it('"passport k liye police verification" is not the police certificate: both are named, their menu shows both', () => {
    expect(decision('passport k liye police verification')).toBe('menu departments');
    expect(decision('police verification')).toBe('option departments.police');
    expect(decision('passport')).toBe('option departments.passport');
  });
});

describe('a negation reports a problem, which no service is', () => {
  it('"bijli nahi hai subah se" is not the electricity menu', () => {
    expect(decision('bijli nahi hai subah se')).toBe('none');
    expect(decision('bijli')).toBe('option departments.electricity');
  });

  it('a negation with a word the bot does not know: "pm kisan ka paisa nahi aaya"', () => {
    expect(decision('pm kisan ka paisa nahi aaya')).toBe('none');
  });

  it('a complaint is no request: "light kharab", "bill jast aale", "police complaint" offer nothing', () => {
    expect(decision('light kharab aahe')).toBe('none');
    expect(decision('bill jast aale')).toBe('none');
    expect(decision('police complaint karaychi aahe')).toBe('none');
    expect(decision('light bill')).not.toBe('none');
  });

  it('negations never match a word of the bot', () => {
    expect(rankTokens(index, 'nahi नहीं नाही').every((t) => t.hits.length === 0)).toBe(true);
  });
});

describe('a request for another kind of thing', () => {
  it('"pm kisan yojana" asks a scheme: not the farmer certificate that "kisan" names', () => {
    expect(decision('pm kisan yojana')).toBe('ask');
    expect(decision('kisan dakhla')).toBe('option revenue.farmer');
  });

  it('a kind word after a word the bot does not know: "birth certificate", "gas connection" offer nothing', () => {
    expect(decision('birth certificate kaise milega')).toBe('none');
    expect(decision('gas connection chahiye')).toBe('none');
    expect(decision('new connection')).toBe('option electricity.new');
  });

  it('a kind word whose naming word only another option holds in part, on a route resting on kind words: "marriage certificate"', () => {
    expect(decision('certificate')).toBe('option departments.revenue');
    expect(decision('marriage certificate')).toBe('none');
    expect(decision('school leaving certificate')).toBe('none');
    expect(decision('income certificate')).toBe('option revenue.income');
  });
});

describe('what a request is for', () => {
  it('the words before "sathi" / "ke liye" or after "for" say the purpose', () => {
    const words = (text: string) => [...purposeWords(rankTokens(index, text))].map((p) => rankTokens(index, text)[p]?.text);
    expect(words('income certificate for scholarship')).toEqual(['scholarship']);
    expect(words('mulachi scholarship sathi utpannacha dakhla')).toEqual(['scholarship', 'mulachi']);
    expect(words('प्रवेशासाठी दाखला')).toEqual(['प्रवेशासाठी']);
  });

  it('is no rival to a label that names what is requested: "income certificate for scholarship" is the income certificate', () => {
    expect(decision('income certificate for scholarship')).toBe('option revenue.income');
    expect(decision('scholarship sathi utpannacha dakhla')).toBe('option revenue.income');
  });
});

describe('words of a request, not of a service', () => {
  it('a function word does not count by a key it shares with a word of the bot: "aaya" (came) is not "aay" (income)', () => {
    expect(rankTokens(index, 'aaya')[0]?.hits).toEqual([]);
    expect(rankTokens(index, 'aay')[0]?.hits.length).toBeGreaterThan(0);
  });

  it('a weak guess with as many unknown words as known ones offers nothing, not a question', () => {
    expect(decision('aaj office band hai kya, bijli')).not.toBe('ask');
  });
});

describe('English words in Devanagari whose vowels Devanagari writes otherwise', () => {
  it('have one vowel frame: senior/सीनियर, citizen/सिटीजन, licence/लायसन्स, certificate/सर्टिफिकेट', () => {
    for (const [english, devanagari] of [
      ['senior', 'सीनियर'],
      ['citizen', 'सिटीजन'],
      ['licence', 'लायसन्स'],
      ['certificate', 'सर्टिफिकेट'],
    ] as const) {
      expect(framesAgree(vowelFrame(english, false), vowelFrame(toLatin(devanagari), true)), english).toBe(true);
    }
  });

  it('but a front vowel is not a back one: "लिस्ट" (list) is not "lost"', () => {
    expect(framesAgree(vowelFrame('lost', false), vowelFrame(toLatin('लिस्ट'), true))).toBe(false);
  });

  it('"सीनियर सिटीजन" is the senior citizen certificate', () => {
    expect(decision('सीनियर सिटीजन सर्टिफिकेट')).toBe('option revenue.senior');
  });

  it('a half न before य is an n of its own, not an anusvara: न्यू is "new"', () => {
    expect(devaKey('न्यू')).toBe('न्यु');
    expect(devaKey('हिन्दी')).toBe(devaKey('हिंदी'));
    expect(decision('न्यू', 'electricity')).toBe('option electricity.new');
  });
});

describe('a service whose words the message holds in halves of two entries', () => {
  it('"light bill वर नाव बदल" is the name on the bill: "light bill …" and "… नाव बदल" are its own', () => {
    expect(decision('light bill वर नाव बदल')).toBe('option electricity.name');
  });
});

describe('derived keys of English labels', () => {
  it('a plural gives its singular ("Welfare schemes": "scheme"), -ity its adjective ("electricity": "electric")', () => {
    expect(decision('divyang scheme')).toBe('option welfare.schemes');
    expect(decision('new electric connection')).toBe('option electricity.new');
  });

  it('a command word in a label\'s brackets is not the option\'s name: "home" is not "Police (Home)"', () => {
    expect(decision('home bakery')).toBe('none');
    expect(decision('police')).toBe('option departments.police');
  });
});
