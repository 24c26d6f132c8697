import type { ObjectLiteral, SelectQueryBuilder, ValueTransformer } from 'typeorm';

/**
 * Some fields of many rows as plain objects, each value read through its column's transformer:
 * without TypeORM building an entity per row, a tree of tens of thousands of rows costs a fraction
 * of the memory. `alias` is the query's alias of the entity.
 */
export async function selectFields<E extends ObjectLiteral, K extends keyof E & string>(
  query: SelectQueryBuilder<E>,
  alias: string,
  fields: readonly K[],
): Promise<Array<Pick<E, K>>> {
  const metadata = query.expressionMap.mainAlias!.metadata;
  const columns = fields.map((field) => {
    const column = metadata.findColumnWithPropertyName(field);
    if (!column) throw new Error(`${metadata.name} has no column ${field}`);
    return { field, transformer: column.transformer as ValueTransformer | undefined };
  });
  query.select([]);
  for (const { field } of columns) query.addSelect(`${alias}.${field}`, field);
  const raw: Array<Record<string, unknown>> = await query.getRawMany();
  return raw.map((row) => {
    const picked: Record<string, unknown> = {};
    for (const { field, transformer } of columns)
      picked[field] = transformer ? transformer.from(row[field]) : row[field];
    return picked as Pick<E, K>;
  });
}
