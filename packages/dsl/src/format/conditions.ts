import type { Condition, Expectation } from '../ast.js';
import { literal, literalList } from './strings.js';

const PRECEDENCE = { or: 1, and: 2, not: 3, compare: 4, isSet: 4 } as const;

/**
 * Writes a condition with the fewest parentheses that read back to the same tree
 * (`and` binds tighter than `or`; both group to the left).
 */
export function formatCondition(condition: Condition, context = 0): string {
  const own = PRECEDENCE[condition.kind];
  let text: string;
  switch (condition.kind) {
    case 'compare': {
      const value = condition.value;
      const written = typeof value.value === 'number' ? String(value.value) : literal(value.value, 0);
      text = `${condition.variable.name} ${condition.op} ${written}`;
      break;
    }
    case 'isSet':
      text = condition.variable.name;
      break;
    case 'not':
      text = `not ${formatCondition(condition.operand, own)}`;
      break;
    case 'and':
    case 'or':
      text = `${formatCondition(condition.left, own)} ${condition.kind} ${formatCondition(condition.right, own + 1)}`;
      break;
    default: {
      const never: never = condition;
      return never;
    }
  }
  return own < context ? `(${text})` : text;
}

/** Writes what follows `expect:`. */
export function formatExpectation(expect: Expectation): string {
  switch (expect.kind) {
    case 'number': {
      if (!expect.min && !expect.max) return 'number';
      return `number ${expect.min?.value ?? ''}..${expect.max?.value ?? ''}`;
    }
    case 'digits':
      return expect.length ? `digits ${expect.length.value}` : 'digits';
    case 'pattern':
      return `pattern ${literal(expect.pattern.value, 0)}`;
    case 'oneOf':
      return `one of ${literalList(expect.values, 0)}`;
    case 'any':
    case 'photo':
    case 'document':
    case 'location':
    case 'contact':
      return expect.kind;
    default: {
      const never: never = expect;
      return never;
    }
  }
}
