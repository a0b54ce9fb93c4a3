// The module's manifest, listed in src/server/registry.ts.
export { eventsModule } from './events.module.ts';
