// @jsxRuntime automatic
// @jsxImportSource react
/**
 * Text with WhatsApp's inline formatting (`*bold*`, `_italic_`, `~strike~`) drawn as the phone
 * draws it: styled, markers hidden. Wrapped beforehand (see `wrap.ts`).
 */
import { Text } from 'ink';
import { useContext } from 'react';
import { TextWidth } from './width.js';
import { wrapText } from './wrap.js';

const MARKED = /(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~)/g;

export interface FormattedProps {
  readonly text: string;
  readonly color?: string;
  readonly dimColor?: boolean;
}

/** One text, with its WhatsApp markers applied. */
export function Formatted({ text, color, dimColor }: FormattedProps) {
  const width = useContext(TextWidth);
  const parts = wrapText(text, width).split(MARKED).filter((p) => p !== '');
  return (
    <Text color={color} dimColor={dimColor}>
      {parts.map((part, i) => {
        const inner = part.slice(1, -1);
        if (part.length > 2 && part.startsWith('*') && part.endsWith('*')) return <Text key={i} bold>{inner}</Text>;
        if (part.length > 2 && part.startsWith('_') && part.endsWith('_')) return <Text key={i} italic>{inner}</Text>;
        if (part.length > 2 && part.startsWith('~') && part.endsWith('~')) return <Text key={i} strikethrough>{inner}</Text>;
        return part;
      })}
    </Text>
  );
}
