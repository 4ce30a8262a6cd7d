/**
 * Runs a command's argument parser; on a parse error prints the message and
 * the usage to stderr and returns undefined (the caller exits with 2).
 */
export function parseOrUsage<T>(parse: () => T, usage: string): T | undefined {
  try {
    return parse();
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    return undefined;
  }
}
