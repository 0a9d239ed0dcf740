import { describe, expect, it } from 'vitest';
import { checkTurn } from '../src/convo/compare.js';
import type { TurnOutcome } from '../src/convo/compare.js';
import { diffLines } from '../src/convo/diff.js';

const outcome: TurnOutcome = {
  replies: [
    { text: 'Welcome to *Jalna Mitra*\n\n[ 1 Services ]  [ 2 GRs ]', options: ['Services', 'GRs'] },
    { text: 'Type 0 for the menu' },
  ],
  node: 'home',
};

describe('checkTurn', () => {
  it('accepts matching exact, contains, options and node lines', () => {
    const failure = checkTurn(
      [
        { kind: 'exact', text: 'Welcome to *Jalna Mitra*\n[ 1 Services ]  [ 2 GRs ]', line: 3 },
        { kind: 'options', titles: ['Services', 'GRs'], line: 4 },
        { kind: 'contains', text: 'for the   menu', line: 5 },
        { kind: 'node', node: 'home', line: 6 },
      ],
      outcome,
    );
    expect(failure).toBeUndefined();
  });

  it('shows a line diff when an exact reply differs', () => {
    const failure = checkTurn([{ kind: 'exact', text: 'Welcome to Jalna Mitra\n[ 1 Services ]  [ 2 GRs ]', line: 7 }], outcome);
    expect(failure).toEqual({
      line: 7,
      message: 'reply 1 differs',
      diff: [
        { op: '-', text: 'Welcome to Jalna Mitra' },
        { op: '+', text: 'Welcome to *Jalna Mitra*' },
        { op: ' ', text: '[ 1 Services ]  [ 2 GRs ]' },
      ],
    });
  });

  it('takes the next reply for options when no bot line came before', () => {
    const failure = checkTurn([{ kind: 'options', titles: ['Services', 'Schemes'], line: 2 }], outcome);
    expect(failure?.message).toBe('reply 1 offers different options');
    expect(failure?.diff).toEqual([
      { op: ' ', text: 'Services' },
      { op: '-', text: 'Schemes' },
      { op: '+', text: 'GRs' },
    ]);
  });

  it('fails when the bot sent fewer replies than expected, or is elsewhere', () => {
    const three = checkTurn(
      [
        { kind: 'contains', text: 'Welcome', line: 1 },
        { kind: 'contains', text: 'menu', line: 2 },
        { kind: 'contains', text: 'more', line: 3 },
      ],
      outcome,
    );
    expect(three).toEqual({ line: 3, message: 'expected another reply, but the bot sent only 2 replies', diff: [{ op: '-', text: '… more …' }] });
    expect(checkTurn([{ kind: 'node', node: 'gr_latest', line: 9 }], outcome)?.message).toBe(
      'the conversation is at node `home`, not `gr_latest`',
    );
  });

  it('fails options on a reply that is not a menu', () => {
    const failure = checkTurn(
      [
        { kind: 'contains', text: 'Welcome', line: 1 },
        { kind: 'contains', text: 'menu', line: 2 },
        { kind: 'options', titles: ['Home'], line: 3 },
      ],
      outcome,
    );
    expect(failure?.message).toBe('reply 2 offers no options');
  });
});

describe('diffLines', () => {
  it('keeps common lines and groups changes as - then +', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'y', 'c'])).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: '+', text: 'y' },
      { op: ' ', text: 'c' },
    ]);
  });
});

describe('bot options after a reply that is not a menu', () => {
  it('checks the next reply', () => {
    const page: TurnOutcome = {
      replies: [{ text: 'Open 10 to 5.' }, { text: 'What next?\n[ 1 Back ]  [ 2 Main menu ]', options: ['Back', 'Main menu'] }],
      node: 'info',
    };
    const failure = checkTurn(
      [
        { kind: 'exact', text: 'Open 10 to 5.', line: 1 },
        { kind: 'options', titles: ['Back', 'Main menu'], line: 2 },
      ],
      page,
    );
    expect(failure).toBeUndefined();
  });
});
