import { Column, type ValueTransformer } from 'typeorm';

/**
 * Instants are stored as BIGINT epoch milliseconds in every table: the contracts speak epoch ms,
 * and BIGINT behaves the same on MySQL/MariaDB and SQLite (no time zone or precision drift).
 * MySQL may hand a BIGINT back as a string, hence the conversion on read.
 */
export const epochMsTransformer: ValueTransformer = {
  to: (value: unknown) => value,
  from: (value: string | number | null | undefined) => (value === null || value === undefined ? null : Number(value)),
};

/** JSON documents live in text columns (portable: MariaDB's JSON is longtext, SQLite has none). */
export const jsonTextTransformer: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value)),
  from: (value: string | null | undefined) =>
    value === null || value === undefined ? null : (JSON.parse(value) as unknown),
};

/** An instant column (BIGINT epoch ms). */
export function EpochColumn(name: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return Column({ name, type: 'bigint', nullable: options.nullable ?? false, transformer: epochMsTransformer });
}

/** A JSON document column (text on SQLite, longtext on MySQL: see the read-model migration). */
export function JsonColumn(name: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return Column({ name, type: 'text', nullable: options.nullable ?? false, transformer: jsonTextTransformer });
}

/** `LIKE` pattern matching values that start with `prefix`; use with {@link LIKE_ESCAPE}. */
export function likePrefix(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}

/** `LIKE` pattern matching values that contain `text`; use with {@link LIKE_ESCAPE}. */
export function likeContains(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** `ESCAPE` clause for the patterns above; `!` because a backslash literal differs between MySQL and SQLite. */
export const LIKE_ESCAPE = "ESCAPE '!'";

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}
