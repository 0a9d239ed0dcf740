// @jsxRuntime automatic
// @jsxImportSource react
/**
 * A menu's choices as WhatsApp lays them out: a row of reply buttons, a list behind its button,
 * or numbered lines. Buttons are boxed only when every title is plain ASCII: Ink mis-measures
 * Devanagari (and some emoji) and a right border would drift, so those buttons are bracketed
 * instead; the selection is coloured and marked with `›`.
 */
import { Box, Text } from 'ink';
import { useContext } from 'react';
import type { MenuLayout, OutboundOption } from '@samvad/runtime';
import { Formatted } from './Formatted.js';
import { SelectedChoice } from './selected.js';

/** Titles Ink measures exactly as terminals draw them. */
const PLAIN = /^[\x20-\x7e]*$/;

export interface ChoicesProps {
  readonly layout: MenuLayout;
  readonly options: readonly OutboundOption[];
  readonly listButton: string;
  /** Set on the newest menu only: which choice the arrow keys rest on, and whether its list is open. */
  readonly live?: { readonly selected: number; readonly open: boolean };
}

export function ChoicesView({ layout, options, listButton, live }: ChoicesProps) {
  switch (layout) {
    case 'buttons':
      if (options.every((o) => PLAIN.test(o.title))) {
        return (
          <Box gap={1}>
            {options.map((o, i) => {
              const selected = live?.selected === i;
              return (
                <Box key={o.id} borderStyle={selected ? 'bold' : 'round'} borderColor={selected ? 'cyan' : 'gray'} paddingX={1}>
                  <Text color={selected ? 'cyan' : undefined} bold={selected}>{`${o.number} ${o.title}`}</Text>
                </Box>
              );
            })}
          </Box>
        );
      }
      return (
        <Text>
          {options.map((o, i) => {
            const selected = live?.selected === i;
            return (
              <Text key={o.id}>
                {i > 0 ? ' ' : ''}
                <Text color="cyan">{selected ? '›' : ' '}</Text>
                <Text inverse={selected} color={selected ? 'cyan' : undefined} bold={selected}>{`[ ${o.number} ${o.title} ]`}</Text>
              </Text>
            );
          })}
        </Text>
      );
    case 'list':
      return (
        <Box flexDirection="column">
          <Text color="cyan" inverse={live !== undefined && !live.open}>{`${live !== undefined && !live.open ? '›' : ' '}[ ☰ ${listButton} ]`}</Text>
          {live?.open === true
            ? options.map((o, i) => <Row key={o.id} option={o} selected={live.selected === i} numbered={false} />)
            : null}
        </Box>
      );
    case 'numbered':
      return (
        <Box flexDirection="column">
          {options.map((o, i) => (
            <Row key={o.id} option={o} selected={live?.selected === i} numbered />
          ))}
        </Box>
      );
    default:
      return unreachable(layout);
  }
}

function Row({ option, selected, numbered }: { option: OutboundOption; selected: boolean; numbered: boolean }) {
  const reveal = useContext(SelectedChoice);
  const marker = selected ? '› ' : '  ';
  const label = numbered ? `${option.number}. ${option.title}` : `${option.number} ${option.title}`;
  return (
    <Box flexDirection="column" {...(selected ? { ref: reveal } : {})}>
      <Text color={selected ? 'cyan' : undefined} bold={selected}>{marker + label}</Text>
      {option.description ? (
        <Box paddingLeft={numbered ? 5 : 4}>
          <Formatted text={option.description} dimColor />
        </Box>
      ) : null}
    </Box>
  );
}

function unreachable(value: never): never {
  throw new Error(`unexpected layout: ${String(value)}`);
}
