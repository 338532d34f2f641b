import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';

export type ConfigClass<T> = new () => T;

/** Thrown when the environment does not satisfy a config class; lists every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map(
      (message) => `${e.property}: ${message} (got ${JSON.stringify(e.value)})`,
    ),
  );
}

/**
 * Reads a typed config from the environment. Property names are the variable names; defaults are the
 * class's initial values; `@Type(() => Number)` and friends convert strings. Unknown variables are ignored.
 */
export function loadConfig<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  // The variables a config reads are its validated properties (a required one has no default to list it).
  const declared = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );
  const present = Object.fromEntries(
    [...declared].filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]),
  );
  const instance = plainToInstance(cls, { ...defaults, ...present }, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(describe(errors));
  return instance;
}

/** For `main.ts`: load or print a clear message naming the variables and exit non-zero. */
export function loadConfigOrExit<T extends object>(cls: ConfigClass<T>, app: string): T {
  try {
    return loadConfig(cls);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`[${app}] ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
