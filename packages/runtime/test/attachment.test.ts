import { describe, expect, it } from 'vitest';
import { attachmentVars } from '../src/engine/attachment.js';

describe('attachmentVars', () => {
  it('writes coordinates as plain decimals, as received', () => {
    const vars = attachmentVars({ kind: 'location', latitude: 0.0000001, longitude: -75.5 }, 'at', { kind: 'location' });
    expect(vars).toEqual({ at: '0.0000001,-75.5', 'at.latitude': '0.0000001', 'at.longitude': '-75.5', 'at.name': undefined, 'at.address': undefined });
  });

  it('a document binds its file name; a photo is not a document, nor a document a photo', () => {
    const doc = { kind: 'media', mediaType: 'document', id: 'd1', mime: 'application/pdf', filename: 'arj.pdf' } as const;
    expect(attachmentVars(doc, 'file', { kind: 'document' })).toEqual({
      file: 'd1',
      'file.id': 'd1',
      'file.mime': 'application/pdf',
      'file.caption': undefined,
      'file.filename': 'arj.pdf',
      'file.path': undefined,
    });
    expect(attachmentVars(doc, 'file', { kind: 'photo' })).toBeUndefined();
    expect(attachmentVars({ ...doc, mediaType: 'image' }, 'file', { kind: 'document' })).toBeUndefined();
  });

  it('a location that is not a number is not an answer', () => {
    expect(attachmentVars({ kind: 'location', latitude: Number.NaN, longitude: 1 }, 'at', { kind: 'location' })).toBeUndefined();
  });
});
