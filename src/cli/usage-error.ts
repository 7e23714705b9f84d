/** Wrong use of the command line: reported as one line on stderr, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
