/**
 * The fifth round of routing rules (issue 11, held-out set 12 and round four's known misses): a
 * thing of a kind the bot has no word for offers nothing (not even a question); what happened to
 * it is not which thing it is; a branch of the start menu named by its own word; a department
 * named as such; a label's word over a `words:` word among options of one menu; "light gayi";
 * SMS thanks. Every rule reads the bot's index, never one bot's content.
 */
import { describe, expect, it } from 'vitest';
import { wordIndex } from '../src/match/word-index.js';
import { decisionOf, label, menu, option, page } from './helpers/decision.js';
import { makeGraph } from './helpers/graph.js';

// A small Jalna Mitra: services, and a GR branch whose department list only filters a listing.
const graph = makeGraph({
  home: menu([
    option('services', 'departments', label('Departments and services'), ['certificate', 'card', 'health', 'आरोग्य', 'welfare']),
    option('gr', 'gr_menu', label('Government Resolutions (GR)', 'शासन निर्णय (GR)'), ['gr', 'शासन निर्णय']),
  ]),
  departments: menu(
    [
      option('revenue', 'revenue', label('Revenue', 'महसूल'), ['certificate', 'dakhla']),
      option('tax', 'tax', label('Income Tax (PAN)', 'आयकर'), ['pan card', 'aadhaar']),
      option('health', 'health', label('Health', 'आरोग्य'), ['arogya']),
      option('welfare', 'welfare', label('Social welfare', 'समाज कल्याण'), ['samaj kalyan']),
      option('electricity', 'electricity', label('MSEDCL (electricity)', 'महावितरण (वीज)'), ['light', 'bijli']),
    ],
    'home',
  ),
  revenue: menu([option('income', 'income', label('Income certificate', 'उत्पन्नाचा दाखला'), ['income'])], 'departments'),
  tax: menu(
    [
      option('pan_new', 'pan_new', label('New PAN card', 'नवीन पॅन कार्ड'), ['pan card']),
      option('pan_fix', 'pan_fix', label('PAN correction', 'पॅन दुरुस्ती'), ['pan card change', 'lost', 'wrong', 'galat']),
      option('aadhaar', 'aadhaar', label('Aadhaar update', 'आधार अपडेट'), ['aadhaar card']),
    ],
    'departments',
  ),
  health: menu([option('ayushman', 'ayushman', label('Ayushman card', 'आयुष्मान कार्ड'))], 'departments'),
  welfare: menu([option('schemes', 'schemes', label('Welfare schemes', 'समाज कल्याण योजना'), ['zilla parishad', 'pension'])], 'departments'),
  electricity: menu([option('new', 'elec_new', label('New connection', 'नवीन कनेक्शन'), ['connection'])], 'departments'),
  gr_menu: menu([option('by_department', 'gr_departments', label('GRs by department'), ['department wise'])], 'home'),
  gr_departments: menu(
    [
      option('public_health', 'gr_list', label('Public Health', 'सार्वजनिक आरोग्य'), ['arogya'], { dept: 'health' }),
      option('food', 'gr_list', label('Food & Civil Supplies', 'अन्न व नागरी पुरवठा'), ['ration'], { dept: 'food' }),
    ],
    'gr_menu',
  ),
  income: page('revenue'),
  pan_new: page('tax'),
  pan_fix: page('tax'),
  aadhaar: page('tax'),
  ayushman: page('health'),
  schemes: page('welfare'),
  elec_new: page('electricity'),
  gr_list: page('gr_departments'),
});
const index = wordIndex(graph);

/** The decision for a message, as "option <menu>.<id>", "menu <id>", "ask" or "none". */
const decision = (text: string, screen?: string): string => decisionOf(index, text, screen);

describe('a thing of a kind the bot has no word for', () => {
  it('offers nothing rather than asking: "driving licence renew", "voter card banvaycha", "property tax"', () => {
    expect(decision('voter card banvaycha aahe')).toBe('none');
    expect(decision('property tax bharaycha aahe')).toBe('none');
    expect(decision('pan card')).not.toBe('none');
  });

  it('what happened to it is not which thing it is: "voter card lost" is no PAN correction, "pan card lost" is', () => {
    expect(decision('voter card lost')).toBe('none');
    expect(decision('pan card lost')).toBe('option tax.pan_fix');
  });

  it('a word that only filters a listing names no service: "ration card" is not the food-supplies GRs', () => {
    expect(decision('ration card')).toBe('none');
  });
});

describe('a branch of the start menu named by its own word', () => {
  it('"arogya GR" is the Public Health GRs; "सार्वजनिक आरोग्य" without "GR" is no GR listing', () => {
    expect(decision('arogya GR')).toBe('option gr_departments.public_health');
    expect(decision('सार्वजनिक आरोग्य विभाग')).not.toBe('option gr_departments.public_health');
    expect(decision('arogya')).toBe('option departments.health');
  });
});

describe('a department named as such', () => {
  it('"समाज कल्याण विभाग zilla parishad" is the department\'s menu, not the schemes whose words hold "zilla parishad"', () => {
    expect(decision('समाज कल्याण विभाग zilla parishad')).toBe('option departments.welfare');
    expect(decision('samaj kalyan zilla parishad')).toBe('option welfare.schemes');
  });
});

describe('among options of one menu, a word of a label names the service', () => {
  it('"aadhaar card me naam galat hai" is the Aadhaar update, not PAN correction, whose words hold "galat"', () => {
    expect(decision('aadhaar card me naam galat hai')).toBe('option tax.aadhaar');
  });
});

describe('complaints and courtesies', () => {
  it('"light gayi hai subah se" is a power cut: nothing offered', () => {
    expect(decision('light gayi hai subah se')).toBe('none');
    expect(decision('light')).toBe('option departments.electricity');
  });

  it('"thx" is thanks, not "tax"', () => {
    expect(decision('thx')).toBe('none');
  });
});
