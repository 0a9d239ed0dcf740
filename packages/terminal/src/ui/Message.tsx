// @jsxRuntime automatic
// @jsxImportSource react
/**
 * One entry of the chat pane. Messages sit behind a coloured bar on their left only (a right
 * border would drift on Devanagari text, which Ink measures narrower than terminals draw it).
 */
import { Box, Text } from 'ink';
import { useContext } from 'react';
import type { ReactNode } from 'react';
import { menuLayout } from '@samvad/runtime';
import type { Outbound } from '@samvad/runtime';
import type { ChatCall } from '../chat/engine.js';
import { describeCall } from '../render/calls.js';
import { listButtonLabel } from '../render/labels.js';
import { buttonLine, mediaPlaceholder } from '../render/plain.js';
import { ChoicesView } from './Choices.js';
import { Formatted } from './Formatted.js';
import type { Choices, Entry } from './state.js';
import { TextWidth } from './width.js';
import { wrapText } from './wrap.js';

export interface MessageProps {
  readonly entry: Entry;
  /** The live choices when this entry is the newest menu. */
  readonly live?: Choices;
}

export function Message({ entry, live }: MessageProps) {
  switch (entry.kind) {
    case 'you':
      return (
        <Bar color="blue" label="you">
          {/* Wrapped beforehand like the bot's texts: Ink under-measures Devanagari. */}
          <Formatted text={entry.text} />
        </Bar>
      );
    case 'bot':
      return (
        <Bar color="green" label="bot">
          <BotMessage outbound={entry.outbound} language={entry.language} listButton={entry.listButton} live={live} />
        </Bar>
      );
    case 'system':
      return <SystemLine text={entry.text} />;
    case 'call':
      return <CallLines call={entry.call} />;
    case 'error':
      return (
        <Bar color="red" label="error">
          <Text color="red">{entry.text}</Text>
        </Bar>
      );
    default:
      return unreachable(entry);
  }
}

function Bar({ color, label, children }: { color: string; label: string; children: ReactNode }) {
  return (
    <Box
      flexDirection="column"
      borderStyle="bold"
      borderColor={color}
      borderTop={false}
      borderRight={false}
      borderBottom={false}
      paddingLeft={1}
    >
      <Text color={color} bold>{label}</Text>
      {children}
    </Box>
  );
}

function BotMessage({ outbound, language, listButton, live }: { outbound: Outbound; language: string; listButton?: string | undefined; live?: Choices }) {
  switch (outbound.kind) {
    case 'text':
      return <Formatted text={outbound.text} />;
    case 'menu':
      return (
        <Box flexDirection="column" gap={1}>
          <Formatted text={outbound.body} />
          <ChoicesView
            layout={menuLayout(outbound.body, outbound.options)}
            options={outbound.options}
            listButton={listButton ?? listButtonLabel(language)}
            live={live === undefined ? undefined : { selected: live.selected, open: live.open }}
          />
        </Box>
      );
    case 'page':
      return (
        <Box flexDirection="column" gap={1}>
          {outbound.text !== '' ? <Formatted text={outbound.text} /> : null}
          {outbound.bullets.length > 0 ? (
            <Box flexDirection="column">
              {outbound.bullets.map((b, i) => (
                <Bullet key={i} text={b} />
              ))}
            </Box>
          ) : null}
          {outbound.links.map((l, i) => (
            <Text key={i}>
              {`🔗 ${l.label}: `}
              <Text color="blue" underline>{l.url}</Text>
            </Text>
          ))}
        </Box>
      );
    case 'media':
      return (
        <Box flexDirection="column">
          <Formatted text={mediaPlaceholder(outbound)} />
          <Text color="blue" underline>{outbound.url}</Text>
        </Box>
      );
    case 'button':
      return (
        <Box flexDirection="column" gap={1}>
          {outbound.body !== '' ? <Formatted text={outbound.body} /> : null}
          <Formatted text={buttonLine(outbound.label, outbound.url)} color="cyan" />
        </Box>
      );
    default:
      return unreachable(outbound);
  }
}

/** A simulator line (`— reloaded`, the help), wrapped with its continuation lines hanging under its text. */
function SystemLine({ text }: { text: string }) {
  const width = useContext(TextWidth);
  return <Text dimColor italic>{hanging(text, '  — ', width)}</Text>;
}

/** `text` wrapped to `width` columns less the indent, its first line after `first`, the others under it. */
function hanging(text: string, first: string, width: number, rest = ' '.repeat(first.length)): string {
  return wrapText(text, width - first.length)
    .split('\n')
    .map((line, i) => (i === 0 ? first : rest) + line)
    .join('\n');
}

/**
 * A call the bot made, as system lines: `⇄ call <endpoint>`, the fields sent, and the answer (red
 * when the call failed). Wrapped beforehand (field values are often Devanagari), continuation
 * lines hanging under their first.
 */
function CallLines({ call }: { call: ChatCall }) {
  const width = useContext(TextWidth);
  const [first = '', ...rest] = describeCall(call);
  const failed = call.result?.ok !== true;
  const hang = (line: string, indent: string) => hanging(line.trimStart(), indent, width);
  return (
    <Box flexDirection="column">
      <Text color="magenta">{hanging(first, '  ⇄ ', width, '    ')}</Text>
      {rest.map((line, i) => {
        const outcome = i === rest.length - 1;
        return (
          <Text key={i} dimColor={!(outcome && failed)} color={outcome && failed ? 'red' : undefined}>
            {hang(line, line.startsWith('  →') ? '    ' : '      ')}
          </Text>
        );
      })}
    </Box>
  );
}

/** A bullet whose wrapped lines hang under its first word. */
function Bullet({ text }: { text: string }) {
  const width = useContext(TextWidth);
  return (
    <Box>
      <Text>{'• '}</Text>
      <TextWidth.Provider value={width - 2}>
        <Formatted text={text} />
      </TextWidth.Provider>
    </Box>
  );
}

function unreachable(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
