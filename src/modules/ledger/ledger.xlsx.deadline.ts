/** A deadline phrase as understood (TEMPORARY stub until documents.deadline.domain.ts lands). */
export interface DeadlineReading {
  text: string;
  dueDate?: string;
  startDate?: string;
  recurrence?: string;
  ongoing: boolean;
  understood: boolean;
}

/** Reads the 完成时限 cell of a task row. */
export function readDeadline(text: string): DeadlineReading {
  return { text, ongoing: false, understood: false };
}
