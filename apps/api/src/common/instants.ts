/** Instants leave the API as ISO-8601 strings; the read model and the workflows hold epoch ms. */
export function toIso(epochMs: number): string;
export function toIso(epochMs: number | null): string | null;
export function toIso(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

/**
 * A day as YYYY-MM-DD in the years 1900–2199: the validators' strict date check misreads years
 * below 100, and no 公文 is dated outside this range.
 */
export const ISO_DATE = /^(19|2[01])\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
