// @jsxRuntime automatic
// @jsxImportSource react
/**
 * The simulator's chrome around the chat: status line, variables panel, compile error, input line.
 */
import { Box, Text } from 'ink';
import type { ChatSnapshot, ChatTurn } from '../chat/engine.js';

export interface StatusProps {
  readonly snapshot: ChatSnapshot;
  readonly languages: readonly string[];
  readonly busy: boolean;
  readonly lastStep?: ChatTurn['step'];
}

/** Where the conversation is, in which language, and how the last message was read. */
export function StatusLine({ snapshot, languages, busy, lastStep }: StatusProps) {
  const read = lastStep === undefined ? '' : `  ·  last: ${lastStep.outcome}${lastStep.matchedBy === 'none' ? '' : ` by ${lastStep.matchedBy}`}`;
  return (
    <Text inverse wrap="truncate-end">
      {` node: ${snapshot.node}  ·  lang: ${snapshot.language} (${languages.join(' ')})${read}  ·  ${busy ? 'working…' : '/help'} `}
    </Text>
  );
}

/** Variables and history (toggled with Ctrl+V or `/vars`). */
export function VarsPanel({ snapshot }: { snapshot: ChatSnapshot }) {
  const names = Object.keys(snapshot.variables).sort();
  return (
    <Box
      flexDirection="column"
      borderStyle="bold"
      borderColor="yellow"
      borderTop={false}
      borderRight={false}
      borderBottom={false}
      paddingLeft={1}
    >
      <Text color="yellow" bold>variables</Text>
      {names.length === 0 ? <Text dimColor>(none)</Text> : null}
      {names.map((name) => (
        <Text key={name}>
          <Text color="yellow">{name}</Text>
          {` = ${JSON.stringify(snapshot.variables[name] ?? '')}`}
        </Text>
      ))}
      <Text color="yellow" bold>history</Text>
      <Text>{snapshot.history.length === 0 ? '(empty)' : [...snapshot.history, snapshot.node].join(' → ')}</Text>
    </Box>
  );
}

/** The compile error of the last reload, kept on screen until the file compiles again. */
export function CompileError({ text }: { text: string }) {
  return (
    <Box
      flexDirection="column"
      borderStyle="bold"
      borderColor="red"
      borderTop={false}
      borderRight={false}
      borderBottom={false}
      paddingLeft={1}
    >
      <Text color="red" bold>compile error — the previous version keeps running</Text>
      <Text>{text}</Text>
    </Box>
  );
}

export function InputLine({ input, hint }: { input: string; hint: string }) {
  return (
    <Box>
      <Text color="cyan" bold>{'› '}</Text>
      {input === '' ? <Text dimColor wrap="truncate-end">{hint}</Text> : <Text>{input}</Text>}
      <Text inverse> </Text>
    </Box>
  );
}
