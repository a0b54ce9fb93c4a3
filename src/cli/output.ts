/** Prints data as JSON when asked, or as the given text lines. */
export function output(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write((json ? JSON.stringify(data, null, 2) : text()) + '\n');
}
