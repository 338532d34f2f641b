import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Lookup = (
  targetConstructor: object,
  targetSchema: string,
  always: boolean,
  strictGroups: boolean,
  groups?: string[],
) => ValidationMetadata[];

const CACHED = Symbol.for('roster.validationMetadataCache');

/**
 * class-validator looks up a class's rules on every validate() by scanning the rules of every class it
 * knows (for inherited ones): with all the DTO and contract classes loaded, that scan was the biggest
 * part of validating a payload (profiles of B1/B6). The rules only change when a class is declared, so
 * the lookup is cached per class and options and the cache is dropped whenever a rule is added.
 * Validation itself, and its result, are unchanged. Applied once per process when this module loads.
 */
export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as Record<string | symbol, unknown> & {
    getTargetValidationMetadatas: Lookup;
  };
  if (storage[CACHED]) return;
  storage[CACHED] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  let cache = new Map<object, Map<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema ?? ''}|${always}|${strictGroups}|${groups?.join(',') ?? ''}`;
    let byOptions = cache.get(target);
    if (!byOptions) cache.set(target, (byOptions = new Map<string, ValidationMetadata[]>()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    // A copy: callers get their own array, as from the original lookup.
    return found.slice();
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema']) {
    const original = storage[method] as (...args: unknown[]) => unknown;
    storage[method] = (...args: unknown[]) => {
      cache = new Map();
      return original.apply(storage, args);
    };
  }
}

cacheValidationMetadata();
