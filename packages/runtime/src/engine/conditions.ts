/** Evaluating branch conditions over session variables (numbers compare as numbers). */
import type { GraphCondition } from '../graph/types.js';

/** True when the condition holds for these variables; unset variables compare as empty text. */
export function holds(condition: GraphCondition, vars: Readonly<Record<string, string>>): boolean {
  switch (condition.kind) {
    case 'isSet': {
      const value = vars[condition.variable];
      return typeof value === 'string' && value !== '';
    }
    case 'not':
      return !holds(condition.operand, vars);
    case 'and':
      return holds(condition.left, vars) && holds(condition.right, vars);
    case 'or':
      return holds(condition.left, vars) || holds(condition.right, vars);
    case 'compare': {
      const raw = vars[condition.variable];
      const value = typeof raw === 'string' ? raw : '';
      return compareValues(value, condition.op, condition.value);
    }
    default: {
      const never: never = condition;
      throw new Error(`unknown condition ${JSON.stringify(never)}`);
    }
  }
}

/**
 * How a condition compares a variable's text with a value: as numbers when both read as numbers,
 * else as text (an unset variable is the empty text). Shared with the compiler, which explains what
 * a condition on a never-set variable always does.
 */
export function compareValues(left: string, op: '==' | '!=' | '<' | '<=' | '>' | '>=', right: string | number): boolean {
  const a = Number(left);
  const b = typeof right === 'number' ? right : Number(right);
  const numeric = left.trim() !== '' && Number.isFinite(a) && Number.isFinite(b) && String(right).trim() !== '';
  const order = numeric ? Math.sign(a - b) : left < String(right) ? -1 : left > String(right) ? 1 : 0;
  switch (op) {
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default: {
      const never: never = op;
      throw new Error(`unknown operator ${String(never)}`);
    }
  }
}
