/**
 * A small block-YAML reader, enough for the `components.schemas` part of Meta's OpenAPI file
 * (block mappings and sequences, compact `- key: value` items, plain/quoted scalars, `[]`/`{}`,
 * block scalars and wrapped plain scalars). No YAML parser is installed in the workspace, and
 * this test-only reader avoids adding one.
 */

interface Line {
  readonly indent: number;
  readonly text: string;
}

export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

/** Parses a block-YAML document. */
export function parseYaml(source: string): Yaml {
  const lines: Line[] = [];
  for (const raw of source.split('\n')) {
    const text = raw.replace(/\s+$/, '');
    const trimmed = text.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    lines.push({ indent: text.length - trimmed.length, text: trimmed });
  }
  const reader = { lines, pos: 0 };
  return parseBlock(reader, lines[0]?.indent ?? 0);
}

interface Reader {
  readonly lines: readonly Line[];
  pos: number;
}

function parseBlock(r: Reader, indent: number): Yaml {
  const first = r.lines[r.pos];
  if (first === undefined) return null;
  return first.text === '-' || first.text.startsWith('- ') ? parseSequence(r, first.indent) : parseMapping(r, first.indent);
}

function parseSequence(r: Reader, indent: number): Yaml[] {
  const items: Yaml[] = [];
  for (let line = r.lines[r.pos]; line !== undefined && line.indent === indent && (line.text === '-' || line.text.startsWith('- ')); line = r.lines[r.pos]) {
    const rest = line.text === '-' ? '' : line.text.slice(2);
    if (rest === '') {
      r.pos += 1;
      items.push(parseBlock(r, indent + 2));
    } else if (isMappingEntry(rest)) {
      // Compact mapping: re-read this line as a mapping indented past the dash.
      (r.lines as Line[])[r.pos] = { indent: indent + 2, text: rest };
      items.push(parseMapping(r, indent + 2));
    } else {
      r.pos += 1;
      items.push(scalar(rest));
    }
  }
  return items;
}

function parseMapping(r: Reader, indent: number): { [key: string]: Yaml } {
  const map: { [key: string]: Yaml } = {};
  for (let line = r.lines[r.pos]; line !== undefined && line.indent === indent && isMappingEntry(line.text); line = r.lines[r.pos]) {
    const { key, value } = splitEntry(line.text);
    r.pos += 1;
    const next = r.lines[r.pos];
    if (value === '') {
      const nestedSeq = next !== undefined && next.indent === indent && (next.text === '-' || next.text.startsWith('- '));
      map[key] = next !== undefined && (next.indent > indent || nestedSeq) ? parseBlock(r, next.indent) : null;
    } else if (/^[|>][-+]?$/.test(value)) {
      const parts: string[] = [];
      while (r.lines[r.pos] !== undefined && (r.lines[r.pos] as Line).indent > indent) parts.push((r.lines[r.pos++] as Line).text);
      map[key] = parts.join(value.startsWith('|') ? '\n' : ' ');
    } else {
      let text = value;
      // A plain or quoted scalar wrapped onto more-indented lines.
      while (r.lines[r.pos] !== undefined && (r.lines[r.pos] as Line).indent > indent) text += ' ' + (r.lines[r.pos++] as Line).text;
      map[key] = scalar(text);
    }
  }
  return map;
}

function isMappingEntry(text: string): boolean {
  return /^(?:'[^']*'|"[^"]*"|[^'"\s][^:]*?):(?:\s|$)/.test(text);
}

function splitEntry(text: string): { key: string; value: string } {
  const match = /^('[^']*'|"[^"]*"|[^'"\s][^:]*?):(?:\s+(.*))?$/.exec(text);
  if (match === null) throw new Error(`not a mapping entry: ${text}`);
  const rawKey = match[1] ?? '';
  const key = rawKey.startsWith("'") || rawKey.startsWith('"') ? rawKey.slice(1, -1) : rawKey;
  return { key, value: (match[2] ?? '').trim() };
}

function scalar(text: string): Yaml {
  if (text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (text.startsWith('"') && text.endsWith('"')) return JSON.parse(text) as string;
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (text.startsWith('[') && text.endsWith(']')) return text.slice(1, -1).split(',').map((s) => scalar(s.trim()));
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null' || text === '~') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}
