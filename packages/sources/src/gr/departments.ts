/**
 * Maharashtra Mantralaya departments in English and Marathi, so that a flow may filter the
 * listing by either name whatever language the page is in ("Revenue" finds "महसूल व वन विभाग").
 *
 * English names and codes: the site's department dropdown as read by a public crawler
 * (orgpedia, ~2023). Marathi names: the departments' usual Marathi titles — assumed, not read from
 * the site (see docs/sources.md). A row whose department is not in this table still matches by
 * its own text.
 */

import { editDistance, typoAllowance } from '@samvad/runtime';
import { looseKey } from './fold.js';

export interface GrDepartment {
  /** The dropdown value on the site (also, in observed codes, their last two digits). */
  readonly code: string;
  readonly en: string;
  readonly mr: string;
  /** Other names seen or used for the same department (renames, short forms). */
  readonly aliases?: readonly string[];
}

export const GR_DEPARTMENTS: readonly GrDepartment[] = [
  { code: '01', en: 'Agriculture, Dairy Development, Animal Husbandry and Fisheries Department', mr: 'कृषि, पशुसंवर्धन, दुग्धव्यवसाय विकास व मत्स्यव्यवसाय विभाग', aliases: ['कृषी'] },
  { code: '02', en: 'Co-operation, Textiles and Marketing Department', mr: 'सहकार, पणन व वस्त्रोद्योग विभाग' },
  { code: '03', en: 'Skill Development and Entrepreneurship Department', mr: 'कौशल्य विकास व उद्योजकता विभाग' },
  { code: '04', en: 'Environment Department', mr: 'पर्यावरण विभाग', aliases: ['पर्यावरण व वातावरणीय बदल विभाग', 'Environment and Climate Change Department'] },
  { code: '05', en: 'Finance Department', mr: 'वित्त विभाग' },
  { code: '06', en: 'Food, Civil Supplies and Consumer Protection Department', mr: 'अन्न, नागरी पुरवठा व ग्राहक संरक्षण विभाग' },
  { code: '07', en: 'General Administration Department', mr: 'सामान्य प्रशासन विभाग' },
  { code: '08', en: 'Higher and Technical Education Department', mr: 'उच्च व तंत्र शिक्षण विभाग' },
  { code: '09', en: 'Housing Department', mr: 'गृहनिर्माण विभाग' },
  { code: '10', en: 'Industries, Energy and Labour Department', mr: 'उद्योग, ऊर्जा व कामगार विभाग' },
  { code: '11', en: 'Information Technology Department', mr: 'माहिती तंत्रज्ञान विभाग' },
  { code: '12', en: 'Law and Judiciary Department', mr: 'विधि व न्याय विभाग' },
  { code: '13', en: 'Medical Education and Drugs Department', mr: 'वैद्यकीय शिक्षण व औषधी द्रव्ये विभाग' },
  { code: '14', en: 'Minorities Development Department', mr: 'अल्पसंख्याक विकास विभाग' },
  { code: '15', en: 'Parliamentary Affairs Department', mr: 'संसदीय कार्य विभाग' },
  { code: '16', en: 'Planning Department', mr: 'नियोजन विभाग' },
  { code: '17', en: 'Public Health Department', mr: 'सार्वजनिक आरोग्य विभाग' },
  { code: '18', en: 'Public Works Department', mr: 'सार्वजनिक बांधकाम विभाग' },
  { code: '19', en: 'Revenue and Forest Department', mr: 'महसूल व वन विभाग' },
  { code: '20', en: 'Rural Development Department', mr: 'ग्राम विकास विभाग' },
  { code: '21', en: 'School Education and Sports Department', mr: 'शालेय शिक्षण व क्रीडा विभाग' },
  { code: '22', en: 'Social Justice and Special Assistance Department', mr: 'सामाजिक न्याय व विशेष सहाय्य विभाग' },
  { code: '23', en: 'Tourism and Cultural Affairs Department', mr: 'पर्यटन व सांस्कृतिक कार्य विभाग' },
  { code: '24', en: 'Tribal Development Department', mr: 'आदिवासी विकास विभाग' },
  { code: '25', en: 'Urban Development Department', mr: 'नगर विकास विभाग' },
  { code: '26', en: 'Soil and Water Conservation Department', mr: 'मृद व जलसंधारण विभाग' },
  { code: '27', en: 'Water Resources Department', mr: 'जलसंपदा विभाग' },
  { code: '28', en: 'Water Supply and Sanitation Department', mr: 'पाणी पुरवठा व स्वच्छता विभाग' },
  { code: '29', en: 'Home Department', mr: 'गृह विभाग' },
  { code: '30', en: 'Women and Child Development Department', mr: 'महिला व बाल विकास विभाग' },
  { code: '33', en: 'Marathi Language Department', mr: 'मराठी भाषा विभाग' },
  { code: '34', en: 'Other Backward Bahujan Welfare Department', mr: 'इतर मागास बहुजन कल्याण विभाग' },
  { code: '35', en: 'Persons with Disabilities Welfare Department', mr: 'दिव्यांग कल्याण विभाग' },
];

/**
 * Normalise a name for matching: the runtime's normalisation of citizens' words, `&` read as
 * "and", punctuation as spaces, long and short Devanagari vowels alike (`fold.ts`).
 */
export function normalizeName(name: string): string {
  return looseKey(name);
}

const GENERIC = /(^| )(department|विभाग)( |$)/gu;

/** The name without "department" / "विभाग", for comparing names across forms. */
function core(name: string): string {
  return normalizeName(name).replace(GENERIC, ' ').replace(/\s+/gu, ' ').trim();
}

const KNOWN: readonly (readonly [string, GrDepartment])[] = GR_DEPARTMENTS.flatMap((d) =>
  [d.en, d.mr, ...(d.aliases ?? [])].map((name) => [core(name), d] as const),
);
const BY_CORE_NAME: ReadonlyMap<string, GrDepartment> = new Map(KNOWN);

/** Do two words match, allowing the typos a citizen's word of that length is allowed (the runtime's rule)? */
function wordsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const allowed = typoAllowance(Math.min([...a].length, [...b].length));
  return allowed > 0 && editDistance(a, b, allowed) <= allowed;
}

/**
 * The known department a listed name refers to, if any: the same name once normalised (any
 * spelling of its vowels), else the known name within the typos the runtime allows a word of
 * its length — so `कृषी, पशुसंवर्धन, …` and `कृषि, पशुसंवर्धन, …` are one department.
 */
export function findDepartment(listedName: string): GrDepartment | undefined {
  const key = core(listedName);
  const exact = BY_CORE_NAME.get(key);
  if (exact !== undefined || key === '') return exact;
  const length = [...key].length;
  const allowed = typoAllowance(length);
  let best: GrDepartment | undefined;
  let bestDistance = allowed + 1;
  for (const [name, department] of KNOWN) {
    const distance = editDistance(key, name, allowed);
    if (distance < bestDistance) {
      best = department;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Does the listed department match what the citizen or flow asked for? The request, normalised,
 * is part of the listed name or of the department's name in the other language; or each of its
 * words matches a word of one of those names within the runtime's typo allowance
 * (`Agriculture` finds `कृषी, पशुसंवर्धन, …`; `Revnue` finds `महसूल व वन विभाग`).
 */
export function departmentMatches(listedName: string, wanted: string): boolean {
  const query = normalizeName(wanted);
  if (query === '') return true;
  const known = findDepartment(listedName);
  const names = [listedName, ...(known === undefined ? [] : [known.en, known.mr, ...(known.aliases ?? [])])].map(normalizeName);
  if (names.some((name) => name.includes(query))) return true;
  const words = core(wanted).split(' ').filter((w) => w !== '' && w !== 'and' && w !== 'व');
  if (words.length === 0) return false;
  return names.some((name) => {
    const own = name.split(' ');
    return words.every((word) => own.some((candidate) => wordsMatch(word, candidate)));
  });
}
