import { describe, expect, it } from 'vitest';
import { departmentMatches, readGrQuery, selectGrItems, SourceError, toDataItem } from '../src/index.js';
import type { GrItem } from '../src/index.js';

function gr(code: string, date: string, department: string): GrItem {
  const [y, m, d] = date.split('-');
  return { department, title: `GR ${code}`, code, date, dateShown: `${d}-${m}-${y}`, size: '', pdfUrl: `https://x.test/${code}.pdf` };
}

describe('readGrQuery', () => {
  it('defaults to 5 rows and all departments', () => {
    expect(readGrQuery({}, 'maharashtra_gr')).toEqual({ limit: 5 });
    expect(readGrQuery({ department: '  ', limit: '' }, 'maharashtra_gr')).toEqual({ limit: 5 });
  });

  it('caps the limit at 10 and keeps the department', () => {
    expect(readGrQuery({ limit: '50', department: ' महसूल ' }, 'maharashtra_gr')).toEqual({ limit: 10, department: 'महसूल' });
  });

  it('refuses a limit that is not a whole number of at least 1, saying why', () => {
    for (const limit of ['0', '-2', 'five', '2.5']) {
      expect(() => readGrQuery({ limit }, 'maharashtra_gr')).toThrow(/`limit` must be a whole number from 1 to 10/);
    }
  });

  it('refuses an unknown parameter so a typo in a flow is caught', () => {
    const attempt = (): unknown => readGrQuery({ departmnet: 'Finance' }, 'maharashtra_gr');
    expect(attempt).toThrow(SourceError);
    expect(attempt).toThrow('maharashtra_gr: unknown parameter `departmnet` (this source takes `department` and `limit`)');
  });
});

describe('departmentMatches', () => {
  it('matches a part of the listed name, ignoring case and spacing', () => {
    expect(departmentMatches('Revenue and Forest Department', 'REVENUE')).toBe(true);
    expect(departmentMatches('महसूल व वन विभाग', ' महसूल  व ')).toBe(true);
    expect(departmentMatches('महसूल व वन विभाग', 'वित्त')).toBe(false);
  });

  it('matches the English name of a department listed in Marathi, and the other way round', () => {
    expect(departmentMatches('महसूल व वन विभाग', 'revenue')).toBe(true);
    expect(departmentMatches('महिला व बाल विकास विभाग', 'Women & Child')).toBe(true);
    expect(departmentMatches('Rural Development Department', 'ग्राम विकास')).toBe(true);
    expect(departmentMatches('ग्राम विकास विभाग', 'Urban')).toBe(false);
  });

  it('finds the Marathi rows for the department names flows/gr.flow passes', () => {
    expect(departmentMatches('अन्न, नागरी पुरवठा व ग्राहक संरक्षण विभाग', 'Food, Civil Supplies')).toBe(true);
    expect(departmentMatches('गृह विभाग', 'Home Department')).toBe(true);
    expect(departmentMatches('गृहनिर्माण विभाग', 'Home Department')).toBe(false);
    expect(departmentMatches('उद्योग, ऊर्जा व कामगार विभाग', 'Industries, Energy and Labour')).toBe(true);
    expect(departmentMatches('कृषि, पशुसंवर्धन, दुग्धव्यवसाय विकास व मत्स्यव्यवसाय विभाग', 'Agriculture')).toBe(true);
  });
});

describe('selectGrItems', () => {
  const items = [
    gr('1', '2025-11-28', 'वित्त विभाग'),
    gr('2', '2025-11-25', 'महसूल व वन विभाग'),
    gr('3', '2025-11-28', 'महसूल व वन विभाग'),
    gr('4', '2025-11-27', 'वित्त विभाग'),
  ];

  it('puts the newest G.R. date first and keeps the page order within a date', () => {
    expect(selectGrItems(items, { limit: 10 }).map((i) => i.code)).toEqual(['1', '3', '4', '2']);
  });

  it('filters by department before cutting to the limit', () => {
    expect(selectGrItems(items, { limit: 1, department: 'Finance' }).map((i) => i.code)).toEqual(['1']);
    expect(selectGrItems(items, { limit: 5, department: 'Revenue' }).map((i) => i.code)).toEqual(['3', '2']);
  });
});

describe('toDataItem', () => {
  it('uses the unique code as id and shows the date as the site does, the size in KB', () => {
    expect(toDataItem({ ...gr('202511281746195319', '2025-11-28', 'वित्त विभाग'), size: '412' })).toEqual({
      id: '202511281746195319',
      fields: {
        title: 'GR 202511281746195319',
        department: 'वित्त विभाग',
        date: '28-11-2025',
        url: 'https://x.test/202511281746195319.pdf',
        code: '202511281746195319',
        size: '412 KB',
      },
    });
  });
});
