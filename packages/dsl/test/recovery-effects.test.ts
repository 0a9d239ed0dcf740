import { describe, expect, it } from 'vitest';
import { lineColumn, parse } from '../src/index.js';

/** Each diagnostic as `code line:column message`. */
function problems(source: string): string[] {
  return parse(source, 'f.flow').diagnostics.map((d) => {
    const { line, column } = lineColumn(source, d.span.offset);
    return `${d.code} ${line}:${column} ${d.message}`;
  });
}

describe('error recovery: endpoints and calls', () => {
  it('says an address or a secret written in the flow must come from the environment (FLOW1108)', () => {
    const source = ['endpoint grievances', '  url: "https://grievance.example.gov.in/api"', '  secret: GRIEVANCE_SECRET', '  timeout: 10s'].join('\n');
    const { ast, diagnostics } = parse(source, 'f.flow');
    expect(problems(source)).toEqual([
      "FLOW1108 2:8 an endpoint's address may not be written in the flow: name the environment variable that holds it, `url: env <NAME>`",
      'FLOW1108 3:11 `secret:` needs `env` before the environment variable\'s name: `secret: env GRIEVANCE_SECRET`',
    ]);
    expect(diagnostics[0]?.help).toBe('write `url: env GRIEVANCES_URL` and set GRIEVANCES_URL when you run the bot');
    expect(diagnostics[1]?.fix?.replacement).toBe('env GRIEVANCE_SECRET');
    // The rest of the endpoint is still read.
    expect(ast.decls[0]).toMatchObject({ kind: 'endpoint', timeout: { raw: '10s' } });
  });

  it('says what is missing when `url:` is empty or `env` has no name, without taking the next clause for it', () => {
    const source = ['endpoint e', '  url:', '  secret: env', '  timeout: 10s', '  sends: a'].join('\n');
    const { ast } = parse(source, 'f.flow');
    expect(problems(source)).toEqual([
      'FLOW1101 2:7 expected `env <NAME>` after `url:`, found `secret`',
      "FLOW1101 3:14 expected the environment variable's name after `secret: env`",
    ]);
    expect(ast.decls[0]).toMatchObject({ kind: 'endpoint', timeout: { raw: '10s' }, sends: [{ name: 'a' }] });
    expect(ast.decls[0]).not.toHaveProperty('secretEnv.name', 'timeout');
  });

  it('reports a misspelt call clause with a suggestion, and a receive line without its arrow', () => {
    const source = [
      'call submit', //            1
      '  endpoint: grievances',
      '  sned:', //                 3
      '    problem: "{problem}"',
      '  receive:',
      '    reference ref', //       6
      '  then -> done',
      '  fallbak -> failed', //     8
      '',
      'page done',
      '  text: "Done"',
      '  then home',
    ].join('\n');
    const { ast, diagnostics } = parse(source, 'f.flow');
    expect(problems(source)).toEqual([
      'FLOW1102 3:3 `sned` is not something a call can contain',
      'FLOW1101 6:15 expected `->` after `reference`, found `ref`',
      'FLOW1102 8:3 `fallbak` is not something a call can contain',
    ]);
    expect(diagnostics[0]?.help).toBe('did you mean `send`?');
    expect(diagnostics[1]?.help).toContain('`reference -> ref`');
    expect(diagnostics[2]?.help).toBe('did you mean `fallback`?');
    expect(ast.decls.map((d) => d.kind)).toEqual(['call', 'page']);
    expect(ast.decls[0]).toMatchObject({ kind: 'call', endpoint: { name: 'grievances' }, then: { name: 'done' } });
  });

  it('reads `endpoint e` without its colon inside a call as the call\'s clause, not a new declaration', () => {
    const source = ['call submit', '  endpoint grievances', '  send:', '    problem: "{problem}"', '  then -> done'].join('\n');
    const { ast } = parse(source, 'f.flow');
    expect(problems(source)).toEqual(['FLOW1101 2:12 expected `:` after `endpoint`, found `grievances`']);
    expect(ast.decls.map((d) => d.kind)).toEqual(['call']);
    expect(ast.decls[0]).toMatchObject({ send: [{ field: { name: 'problem' } }], then: { name: 'done' } });
  });

  it('names what is wrong with a send line or a quoted answer path', () => {
    const source = ['call submit', '  send:', '    problem: problem', '  receive:', '    "data.ref" -> ref', '  then -> done'].join('\n');
    const { ast, diagnostics } = parse(source, 'f.flow');
    expect(problems(source)).toEqual([
      'FLOW1101 3:14 expected a text in quotes after `problem:`, found `problem`',
      'FLOW1101 5:5 an answer field under `receive:` is a name, not a text: write `data.ref -> ref`',
    ]);
    expect(diagnostics[0]?.help).toContain('`problem: "{problem}"`');
    expect(diagnostics[1]?.fix?.replacement).toBe('data.ref');
    // The quoted path is still read, so the variable does not also come out "never set".
    expect(ast.decls[0]).toMatchObject({ receive: [{ path: { value: 'data.ref' }, variable: { name: 'ref' } }] });
  });
});

describe('error recovery: pages and inputs', () => {
  it('says an input names its variable with `var:`, with the fix', () => {
    const source = ['input photo_in', '  text: "Send a photo"', '  into: photo', '  expect: photo', '  then -> next'].join('\n');
    const { ast, diagnostics } = parse(source, 'f.flow');
    expect(problems(source)).toEqual(['FLOW1102 3:3 an input names its variable with `var:`, not `into:`']);
    expect(diagnostics[0]?.fix).toMatchObject({ replacement: 'var' });
    expect(ast.decls[0]).toMatchObject({ kind: 'input', variable: { name: 'photo' }, expect: { kind: 'photo' } });
  });

  it('lists the new expectations when the value is not one', () => {
    const { diagnostics } = parse('input i\n  var: x\n  expect: image\n  then -> n', 'f.flow');
    expect(diagnostics.map((d) => d.code)).toEqual(['FLOW1101']);
    expect(diagnostics[0]?.message).toContain('`photo`, `document`, `location` or `contact`');
  });

  it('reports a media file name not in quotes and keeps reading the page', () => {
    const source = ['page p', '  document "https://x.gov.in/a.pdf" name arj.pdf', '  button "https://x.gov.in"', '    en: "Open"', '  then back'].join('\n');
    const { ast, diagnostics } = parse(source, 'f.flow');
    expect(problems(source)).toEqual(['FLOW1101 2:42 expected a text in quotes after `name`, found `arj.pdf`']);
    expect(diagnostics[0]?.help).toContain('name "file.pdf"');
    const page = ast.decls[0];
    expect(page?.kind === 'page' && page.blocks.map((b) => b.kind)).toEqual(['media', 'button']);
    expect(page?.kind === 'page' && page.then?.kind).toBe('back');
  });
});
