/**
 * What other modules may use of org beyond its policy: use cases that change the directory on their behalf,
 * each checking org's own rules (a module never writes org's tables itself).
 */
export { addUnitAlias } from './org.service.ts';
