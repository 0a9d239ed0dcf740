import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type FlowFile } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Every `.flow` file under `examples/`, with its text. */
export function exampleFlows(): { name: string; source: string }[] {
  const dirs = ['examples', 'examples/includes'];
  return dirs.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.flow'))
      .sort()
      .map((f) => ({ name: `${dir}/${f}`, source: readFileSync(join(root, dir, f), 'utf8') })),
  );
}

/** Parses a source that must be free of problems. */
export function parseOk(source: string, file = 'test.flow'): FlowFile {
  const { ast, diagnostics } = parse(source, file);
  if (diagnostics.length > 0) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return ast;
}

/** A deep copy without source positions, to compare trees written differently. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'span' && key !== 'valueSpan')
        .map(([key, v]) => [key, withoutSpans(v)]),
    );
  }
  return value;
}

/** The source text a span covers. */
export function textAt(source: string, span: { offset: number; length: number }): string {
  return source.slice(span.offset, span.offset + span.length);
}
