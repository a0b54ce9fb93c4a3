// Filled in by the database test harness (see test/db.ts).
export default async function setup(): Promise<void> {}
