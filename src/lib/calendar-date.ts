/** Whether `text` is a date of the calendar written YYYY-MM-DD (2019-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * The calendar day of an instant in China (UTC+8), "YYYY-MM-DD", whatever the server's time zone: the day reports
 * fall due and tasks are judged by, and the date written on a file or a document made now. China keeps no summer time.
 */
export function chinaDay(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
