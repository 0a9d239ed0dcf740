import { describe, expect, it } from 'vitest';
import { parseGrListing } from '../src/index.js';
import type { GrItem } from '../src/index.js';
import { readFixture } from './helpers/gr-server.js';

const SITE = 'https://gr.maharashtra.gov.in/1145/Government-Resolutions';
const PDF_BASE = 'https://gr.maharashtra.gov.in/Site/Upload/Government%20Resolutions/Marathi/';

function itemsOf(html: string, baseUrl = SITE): GrItem[] {
  const result = parseGrListing(html, baseUrl);
  if (!result.ok) throw new Error(`expected rows, got ${result.reason}`);
  return result.items;
}

/** A minimal page around a grid body, for cases the saved page does not show. */
function page(rows: string): string {
  return `<html><body><form id="form1"><table id="SitePH_dgvDocuments">
    <tr><th>SN</th><th>Department Name</th><th>Title</th><th>Unique Code</th><th>G.R. Date</th><th>File Size (KB)</th><th>Download</th></tr>
    ${rows}</table></form></body></html>`;
}

describe('parseGrListing on the saved listing page', () => {
  const items = itemsOf(readFixture('gr-listing.html'));

  it('reads every GR row, in the page order', () => {
    expect(items).toHaveLength(10);
    expect(items.map((i) => i.code).slice(0, 3)).toEqual(['202511281746195319', '202511281651263220', '202511281540087130']);
  });

  it('reads department, title, code, both date forms, size and an absolute PDF link', () => {
    expect(items[0]).toEqual({
      department: 'महसूल व वन विभाग',
      title: 'माहे ऑक्टोबर, 2025 मध्ये अवेळी पाऊस व अतिवृष्टीमुळे शेतीपिकांच्या नुकसानीसाठी बाधित शेतकऱ्यांना मदत देण्याबाबत.',
      code: '202511281746195319',
      date: '2025-11-28',
      dateShown: '28-11-2025',
      size: '412',
      pdfUrl: `${PDF_BASE}202511281746195319.pdf`,
    });
  });

  it('resolves relative links against the page and upgrades http links to https', () => {
    for (const item of items) expect(item.pdfUrl).toBe(`${PDF_BASE}${item.code}.pdf`);
  });

  it('leaves the size empty when the cell is blank', () => {
    expect(items.find((i) => i.code === '202511271419554421')?.size).toBe('');
  });

  it('collapses line breaks and indentation inside cells', () => {
    const last = items[9];
    expect(last?.department).toBe('अन्न, नागरी पुरवठा व ग्राहक संरक्षण विभाग');
    expect(last?.title).toBe('सार्वजनिक वितरण व्यवस्थेतील रास्तभाव दुकानदारांच्या मार्जिनमध्ये वाढ करण्याबाबत.');
    expect(last?.dateShown).toBe('25-11-2025');
  });
});

describe('parseGrListing on other shapes', () => {
  it('gives an empty list for a grid with no GRs', () => {
    expect(parseGrListing(readFixture('gr-listing-empty.html'), SITE)).toEqual({ ok: true, items: [] });
    expect(parseGrListing(page(''), SITE)).toEqual({ ok: true, items: [] });
  });

  it('reports a layout change when the grid is gone', () => {
    expect(parseGrListing(readFixture('gr-listing-redesigned.html'), SITE)).toEqual({ ok: false, reason: 'layout-changed' });
    expect(parseGrListing('', SITE)).toEqual({ ok: false, reason: 'layout-changed' });
  });

  it('reports a layout change when the grid rows no longer carry a date and a PDF where expected', () => {
    const reordered = page(`<tr><td>1</td><td>28-11-2025</td><td>Finance Department</td><td>Title</td>
      <td>202511281746195305</td><td>100</td><td><a href="javascript:__doPostBack('x','')">View</a></td></tr>`);
    expect(parseGrListing(reordered, SITE)).toEqual({ ok: false, reason: 'layout-changed' });
  });

  it('reads the English page, an absolute link, dotted codes and a PDF link outside the last cell', () => {
    const html = page(`
      <tr><td>1</td><td>Women and Child Development Department</td>
        <td>Disbursement of funds for the Current Financial Year 2023-24.</td>
        <td>202401171806298830..</td><td>17-01-2024</td><td>144</td>
        <td><a target="_blank" href="https://gr.maharashtra.gov.in/Site/Upload/Government%20Resolutions/English/202401171806298830.pdf">Download</a></td></tr>
      <tr><td>2</td><td>Finance Department</td>
        <td><a href="../Site/Upload/Government%20Resolutions/English/202401101217404705.PDF">Pay revision</a></td>
        <td></td><td>10-01-2024</td><td></td><td></td></tr>`);
    expect(itemsOf(html)).toEqual([
      {
        department: 'Women and Child Development Department',
        title: 'Disbursement of funds for the Current Financial Year 2023-24.',
        code: '202401171806298830',
        date: '2024-01-17',
        dateShown: '17-01-2024',
        size: '144',
        pdfUrl: 'https://gr.maharashtra.gov.in/Site/Upload/Government%20Resolutions/English/202401171806298830.pdf',
      },
      {
        department: 'Finance Department',
        title: 'Pay revision',
        code: '202401101217404705',
        date: '2024-01-10',
        dateShown: '10-01-2024',
        size: '',
        pdfUrl: 'https://gr.maharashtra.gov.in/Site/Upload/Government%20Resolutions/English/202401101217404705.PDF',
      },
    ]);
  });

  it('skips a malformed row among good ones and ignores tables nested in a cell', () => {
    const html = page(`
      <tr><td>1</td><td>Finance Department</td><td>Good row</td><td>202511281746195305</td><td>28-11-2025</td><td>10</td>
        <td><a href="../Site/Upload/Government%20Resolutions/English/202511281746195305.pdf">PDF</a>
          <table><tr><td>a</td><td>b</td><td>c</td><td>d</td><td>31-02-2025</td><td>f</td><td><a href="x.pdf">g</a></td></tr></table></td></tr>
      <tr><td>2</td><td>Finance Department</td><td>Impossible date</td><td>202511281746195306</td><td>31-02-2025</td><td>10</td>
        <td><a href="../Site/Upload/Government%20Resolutions/English/202511281746195306.pdf">PDF</a></td></tr>`);
    expect(itemsOf(html).map((i) => i.title)).toEqual(['Good row']);
  });
});

describe('parseGrListing reads columns by their headers', () => {
  it('reads a listing whose columns were reordered exactly as the original (Marathi headers)', () => {
    const original = itemsOf(readFixture('gr-listing.html'));
    const reordered = itemsOf(readFixture('gr-listing-columns-reordered.html'));
    expect(reordered).toEqual(original);
    expect(reordered[0]?.department).toBe('महसूल व वन विभाग');
    expect(reordered[0]?.title).toMatch(/^माहे ऑक्टोबर, 2025/);
  });

  it('reads English headers in any order, and spellings of the labels the site varies', () => {
    const html = `<html><body><table id="SitePH_dgvDocuments">
      <tr><th>Download</th><th>G.R. Date</th><th>Title</th><th>Sr. No.</th><th>Department</th><th>Unique Code</th><th>File Size (KB)</th></tr>
      <tr><td><a href="../Site/Upload/Government%20Resolutions/English/202511281746195305.pdf">PDF</a></td><td>28-11-2025</td>
        <td>Dearness allowance revision</td><td>1</td><td>Finance Department</td><td>202511281746195305</td><td>88</td></tr>
      </table></body></html>`;
    expect(itemsOf(html)).toEqual([
      {
        department: 'Finance Department',
        title: 'Dearness allowance revision',
        code: '202511281746195305',
        date: '2025-11-28',
        dateShown: '28-11-2025',
        size: '88',
        pdfUrl: 'https://gr.maharashtra.gov.in/Site/Upload/Government%20Resolutions/English/202511281746195305.pdf',
      },
    ]);
    // Long or short vowels, either way: फाइल / फाईल, डाऊनलोड / डाउनलोड.
    const marathi = html
      .replace('<th>Download</th>', '<th>डाऊनलोड</th>')
      .replace('<th>G.R. Date</th>', '<th>शासन निर्णय दिनांक</th>')
      .replace('<th>Title</th>', '<th>विषय</th>')
      .replace('<th>Department</th>', '<th>विभागाचे नाव</th>')
      .replace('<th>File Size (KB)</th>', '<th>फाइल साइज (KB)</th>');
    expect(itemsOf(marathi)[0]?.size).toBe('88');
    expect(itemsOf(marathi)[0]?.department).toBe('Finance Department');
  });

  it('names the needed column the header row lacks, with the headers it has', () => {
    expect(parseGrListing(readFixture('gr-listing-no-date-column.html'), SITE)).toEqual({
      ok: false,
      reason: 'missing-columns',
      missing: ['date'],
      headers: ['अ.क्र.', 'विभागाचे नाव', 'शीर्षक', 'युनिक क्रमांक', 'फाईल साईज (KB)', 'डाउनलोड'],
    });
    const noTitle = page('').replace('<th>Title</th>', '<th>Remarks</th>');
    expect(parseGrListing(noTitle, SITE)).toMatchObject({ ok: false, reason: 'missing-columns', missing: ['title'] });
  });

  it('reports a layout change when the grid has no header row', () => {
    const headless = `<table id="SitePH_dgvDocuments"><tr><td>1</td><td>Finance Department</td><td>Title</td>
      <td>202511281746195305</td><td>28-11-2025</td><td>10</td><td><a href="x/202511281746195305.pdf">PDF</a></td></tr></table>`;
    expect(parseGrListing(headless, SITE)).toEqual({ ok: false, reason: 'layout-changed' });
  });
});
