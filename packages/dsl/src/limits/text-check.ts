import { DslCode } from '../codes.js';
import { diagnostic, type Diagnostic } from '../diagnostic.js';

/**
 * FLOW1004 when `text` cannot be a `.flow` source: it holds a NUL character (an image, a PDF, an
 * archive, a file saved as UTF-16) or U+FFFD, which is what bytes that are not UTF-8 become when
 * the file is read. One diagnostic for the whole file instead of one per stray byte.
 */
export function notTextDiagnostic(text: string, file: string): Diagnostic | undefined {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return diagnostic({
      code: DslCode.NotText,
      severity: 'error',
      message: 'this is not a text .flow file: it contains NUL bytes',
      span: { file, offset: 0, length: 0 },
      notes: ['is it an image, a PDF, an archive, or a flow saved as UTF-16? its contents are not shown'],
      help: 'a .flow file is UTF-8 text: check the file name, or open it in a text editor and save it again as UTF-8',
    });
  }
  const bad = text.indexOf('\uFFFD');
  if (bad < 0) return undefined;
  return diagnostic({
    code: DslCode.NotText,
    severity: 'error',
    message: 'this is not a text .flow file: it contains bytes that are not UTF-8',
    span: { file, offset: bad, length: 1 },
    primaryLabel: 'the first byte that is not UTF-8 (shown as �)',
    help: 'a .flow file is UTF-8 text: open it in a text editor and save it again with the encoding UTF-8',
  });
}
