export * from './cascade-api';
export type { components, operations, paths } from './generated/api-schema';
