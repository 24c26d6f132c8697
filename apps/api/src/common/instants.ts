/** Instants leave the API as ISO-8601 strings; the read model and the workflows hold epoch ms. */
export function toIso(epochMs: number): string;
export function toIso(epochMs: number | null): string | null;
export function toIso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
