// What `luoshi seed --scale` loads lazily: the scales, the target check and the generator.
export { SCALES } from './tracking.scale.domain.ts';
export { checkScaleTarget, seedScale, type ScaleSeedResult } from './tracking.scale.seed.ts';
