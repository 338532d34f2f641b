import type { RecipeCondition } from '@roster/contracts';

/** The value at a dotted path (`data.role`) of an object, or undefined. */
export function valueAt(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split('.')) {
    if (
      current === null ||
      typeof current !== 'object' ||
      !Object.prototype.hasOwnProperty.call(current, key)
    )
      return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // "5" and 5, "true" and true: recipe values come from JSON forms.
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  return scalar(a) && scalar(b) && String(a) === String(b);
}

export function conditionHolds(condition: RecipeCondition, event: unknown): boolean {
  const actual = valueAt(event, condition.field);
  switch (condition.op) {
    case 'exists':
      return condition.value === false
        ? actual === undefined || actual === null
        : actual !== undefined && actual !== null;
    case 'eq':
      return same(actual, condition.value);
    case 'ne':
      return !same(actual, condition.value);
    case 'in':
      return Array.isArray(condition.value) && condition.value.some((v) => same(actual, v));
    case 'contains':
      if (Array.isArray(actual)) return actual.some((v) => same(v, condition.value));
      return (
        typeof actual === 'string' && typeof condition.value === 'string' && actual.includes(condition.value)
      );
  }
}

/** All conditions must hold (an empty list always holds). */
export function conditionsHold(conditions: RecipeCondition[], event: unknown): boolean {
  return conditions.every((c) => conditionHolds(c, event));
}

/** Fills `{{path}}` placeholders from the event; a missing value becomes an empty string. */
export function fill(template: string, event: unknown): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_, path: string) => {
    const value = valueAt(event, path);
    if (value === undefined || value === null) return '';
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
