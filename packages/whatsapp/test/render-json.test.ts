import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderWhatsApp } from '@samvad/whatsapp';
import type { Outbound } from '@samvad/runtime';
import { renderJson } from '../src/render/render-json.js';

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
};

const outbounds: Outbound[] = [
  { kind: 'text', text: 'नमस्कार "quoted" \\ back\nslash' },
  { kind: 'menu', body: 'Pick', options: [1, 2, 3].map((n) => ({ id: `o${n}`, number: n, title: `Option ${n}` })) },
  { kind: 'menu', body: 'योजना', options: [1, 2, 3, 4, 5].map((n) => ({ id: `o${n}`, number: n, title: `पर्याय ${n}`, description: 'तपशील' })) },
  { kind: 'page', text: 'Read more', bullets: ['one', 'two'], links: [{ label: 'Site', url: 'https://example.org/a?b=c' }] },
  { kind: 'text', text: 'x'.repeat(5000) },
];

describe('renderJson', () => {
  it('gives exactly the JSON of renderWhatsApp, for frozen (reused) and fresh outbounds', () => {
    const frozen = outbounds.map((o) => deepFreeze(structuredClone(o)));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: outbounds.length - 1 }), fc.stringMatching(/^[0-9]{8,15}$/), fc.constantFrom('mr', 'hi', 'en', 'xx'), (i, to, lang) => {
        const expected = renderWhatsApp(outbounds[i] as Outbound, to, lang).map((b) => JSON.stringify(b));
        expect(renderJson(outbounds[i] as Outbound, to, lang)).toEqual(expected);
        expect(renderJson(frozen[i] as Outbound, to, lang)).toEqual(expected);
      }),
    );
  });
});
