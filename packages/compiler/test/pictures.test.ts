import type { Graph } from '@samvad/runtime';
import { describe, expect, test } from 'vitest';
import { toDot, toMermaid, toSvg } from '../src/index.js';
import { bot, compileText } from './support/build.js';

const flow = bot(`source grs
  timeout: 4s

menu home
  text:
    mr: "निवडा"
    en: "Choose"
  option info -> info
    mr: "माहिती"
    en: "Information"
  option ask -> ask
    mr: "वय"
    en: "Age"
  from grs() into gr -> check
    title: "{gr.title}"
    fallback -> bye

page info
  text:
    mr: "माहिती"
    en: "Office \\"hours\\""
  then home

input ask
  text:
    mr: "वय?"
    en: "Age?"
  var: age
  expect: number 1..120
  then -> check

branch check
  when age >= 60 -> bye
  else -> home

end bye
`);

describe('graph pictures', () => {
  const graph = compileText(flow).graph as Graph;

  test('the flow compiles', () => {
    expect(graph).toBeDefined();
  });

  test('Mermaid: a shape per kind, option number + English label on edges, a legend', () => {
    const text = toMermaid(graph);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toMatch(/\w+\[\/"info<br\/>Office #quot;hours#quot;"\/\]/);
    expect(text).toMatch(/\w+\{"check"\}/);
    expect(text).toMatch(/\w+\(\["bye"\]\)/);
    expect(text).toMatch(/\w+\[\("grs"\)\]/);
    expect(text).toContain('-->|"1. Information"|');
    expect(text).toContain('subgraph legend [Legend]');
    expect(text).toContain('classDef input');
  });

  test('DOT: shapes, dashed fallback, bold start, legend cluster, escaped quotes', () => {
    const text = toDot(graph);
    expect(text).toContain('"home" -> "info" [label="1. Information"];');
    expect(text).toContain('"home" -> "bye" [label="fallback", style=dashed];');
    expect(text).toContain('"source:grs" -> "home" [label="rows", style=dashed];');
    expect(text).toMatch(/"home" \[label="home\\nChoose", shape=box.*penwidth=3\];/);
    expect(text).toContain('label="info\\nOffice \\"hours\\""');
    expect(text).toContain('subgraph cluster_legend');
  });

  test('SVG via in-process Graphviz', async () => {
    const svg = await toSvg(graph);
    expect(svg).toContain('<svg');
    expect(svg).toContain('1. Information');
    expect(svg).toContain('Legend');
  });

  test('a bot without calls has no call or endpoint in its legend', () => {
    expect(toMermaid(graph)).not.toContain('"call"');
    expect(toDot(graph)).not.toContain('label="endpoint"');
  });

  test('a call is a hexagon that sends to its endpoint (dashed), then `answered` or `fallback`', () => {
    const calls = compileText(
      bot(`endpoint desk
  url: env DESK_URL
  secret: env DESK_SECRET
  sends: problem
  answers: reference

menu home
  text:
    mr: "निवडा"
    en: "Choose"
  option send -> submit
    mr: "पाठवा"
    en: "Send"
    set problem = "x"

call submit
  endpoint: desk
  send:
    problem: "{problem}"
  receive:
    reference -> ref
  then -> done
  fallback -> home

page done
  text:
    mr: "{ref}"
    en: "{ref}"
  then home
`),
    ).graph as Graph;
    const dot = toDot(calls);
    expect(dot).toContain('"submit" -> "endpoint:desk" [label="sends", style=dashed];');
    expect(dot).toContain('"submit" -> "done" [label="answered"];');
    expect(dot).toContain('"submit" -> "home" [label="fallback", style=dashed];');
    expect(dot).toMatch(/"submit" \[label="submit\\n→ desk", shape=hexagon/);
    const mermaid = toMermaid(calls);
    expect(mermaid).toMatch(/\w+\{\{"submit<br\/>→ desk"\}\}/);
    expect(mermaid).toMatch(/\w+\(\("desk"\)\)/);
    expect(mermaid).toContain('classDef call');
  });
});
