/**
 * Builds the demo data-folder template for the current sources (see data-template.ts): run by `node bin/build.js`.
 * Usage: node --import tsx src/server/build-data-template.ts
 */
import { buildDemoDataTemplate } from './start.ts';
import { dataTemplatePath } from './data-template.ts';

const started = performance.now();
const built = await buildDemoDataTemplate();
console.log(`[luoshi] ${built ? 'built' : 'kept'} the demo data template ${dataTemplatePath()}${built ? ` in ${((performance.now() - started) / 1000).toFixed(1)} s` : ''}`);
