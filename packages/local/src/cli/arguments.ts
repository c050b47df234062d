import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * Every CLI's arguments, read one way: a bad one prints its message and the usage line, then
 * exits with `exitCode` (2 unless the CLI documents another); `-h`/`--help` prints the help and
 * exits 0. `usageError` is handed back for the checks each CLI makes itself.
 */
/** Prints a message and the usage line, then exits: the CLI cannot go on. */
export type UsageError = (message: string) => never;

export function readArguments<T extends ParseArgsConfig>(
  config: T,
  text: { usage: string; help: string },
  exitCode = 2,
) {
  const usageError: UsageError = (message) => {
    console.error(`${message}\n${text.usage}`);
    process.exit(exitCode);
  };
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    return usageError((error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(text.help);
    process.exit(0);
  }
  return { ...parsed, usageError };
}
