/** A resource as resources.json records it: its URN and the URNs it depends on. */
export interface Dependent {
  readonly urn: string;
  readonly dependencies: readonly string[];
}

/** The longest chain of `dependencies` (a resource with none has depth 1). */
export function maxDependencyDepth(resources: readonly Dependent[]): number {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const depth = new Map<string, number>();
  const of = (urn: string): number => {
    const known = depth.get(urn);
    if (known !== undefined) return known;
    depth.set(urn, 1); // a cycle cannot happen in a Pulumi graph; this only guards the walk
    const deps = byUrn.get(urn)?.dependencies ?? [];
    const value = 1 + Math.max(0, ...deps.filter((d) => byUrn.has(d)).map(of));
    depth.set(urn, value);
    return value;
  };
  return Math.max(0, ...resources.map((r) => of(r.urn)));
}
