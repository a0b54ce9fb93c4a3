/**
 * The documents engine: official documents (txt, md, docx, pdf) into a node tree, deadline
 * phrases into dates, unit lists into directory matches. Pure apart from extract/file.
 */
export * from './documents.types.ts';
export { parseDocumentText, MAX_DOCUMENT_CHARS } from './documents.parse.domain.ts';
export { extractDocumentText, MAX_DOCUMENT_BYTES, type ExtractOptions } from './documents.extract.ts';
export { parseDocumentFile } from './documents.file.ts';
export { extractDocumentProtected, configureFileLimits, type FileLimits } from './documents.worker.ts';
export { renderOutline, type RenderOptions } from './documents.render.domain.ts';
export { parseDeadline, type Deadline, type DeadlineOptions, type Recurrence } from './documents.deadline.domain.ts';
export {
  matchUnitNames,
  createUnitMatcher,
  splitUnitList,
  unitKey,
  type DirectoryUnit,
  type UnitMatch,
  type UnitMatchResult,
  type UnitMatchOptions,
  type UnitGroup,
  type UnmatchedUnit,
  type MatchHow,
} from './documents.units.domain.ts';
export { squeeze, normalizeChars, trimAll } from './documents.text.domain.ts';
export { matchMarker, STYLE_RANK } from './documents.numbering.domain.ts';
