/** One page of a listing and the number of rows across all pages. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** Paging of a listing; defaults: 50 rows from the first. */
export interface PageRequest {
  limit?: number;
  offset?: number;
}

export const DEFAULT_PAGE_SIZE = 50;
