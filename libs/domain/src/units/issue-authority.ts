/** What the issuing rule needs to know of a unit. */
export interface PlacedUnitRef {
  code: string;
  name: string;
  /** Ancestry from the root, e.g. `000000/140000/141000/`. */
  path: string;
}

/**
 * Why `issuer` may not issue (or forward) to `recipient`, or null. A unit issues to the units of its
 * own subtree (direct subordinates and below) and to the units it declared a relation with
 * (`relationKind`, from the units import), e.g. 省老龄办 to the 省老龄委成员单位; never upwards or sideways.
 */
export function issueProblem(
  issuer: PlacedUnitRef,
  recipient: PlacedUnitRef,
  relationKind: string | undefined,
): string | null {
  if (recipient.code === issuer.code) return `不能发给本单位（${issuer.code}）`;
  if (recipient.path.startsWith(issuer.path) || relationKind !== undefined) return null;
  return `${recipient.name}（${recipient.code}）不是${issuer.name}（${issuer.code}）的下级单位，也无发文关系`;
}
