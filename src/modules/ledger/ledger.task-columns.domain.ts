/**
 * Names stored in tasks made from a plan's text, shared by the server and the web UI (one place): the group of tasks
 * made from closing paragraphs, and the column that keeps a node's full text when the task is named by its lead
 * sentence (it is written out as a column of the task table).
 */
export const CLOSING_GROUP = '结束语';
export const FULL_TEXT_COLUMN = '条目原文';
