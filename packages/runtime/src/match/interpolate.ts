/**
 * `{name}` interpolation: replaced by the variable's value, or by nothing when it is unset.
 * `{{` and `}}` write literal braces. Never throws.
 */

const PLACEHOLDER = /\{\{|\}\}|\{([^{}\s]*)\}/g;

/** Fills `{name}` placeholders from `vars` (missing → empty string). */
export function interpolate(template: string, vars: Readonly<Record<string, string>>): string {
  if (!template.includes('{') && !template.includes('}')) return template;
  return template.replace(PLACEHOLDER, (whole: string, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const value = name === undefined ? undefined : vars[name];
    return typeof value === 'string' ? value : '';
  });
}
