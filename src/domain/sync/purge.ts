// Which changes of the log an office may forget (docs/sync.md "Acknowledgements, resends and
// purge"): per origin office, those every other office has acknowledged. A change not yet
// acknowledged by one office is kept, since it may have to be sent again; the newest change of
// each origin is always kept, because the log's highest number per origin is what this office
// tells the others it holds.

/**
 * For each origin, the highest change number that may be removed (nothing is removed for an
 * origin absent from the answer). `held`: per origin, the highest number held here; `acks`: one
 * entry per other office of the company, what it has acknowledged (an office never heard from
 * acknowledged nothing).
 */
export function purgeFloors(
  held: Readonly<Record<string, number>>,
  acks: readonly Readonly<Record<string, number>>[],
): Record<string, number> {
  const floors: Record<string, number> = {};
  if (acks.length === 0) return floors;
  for (const [origin, newest] of Object.entries(held)) {
    const everyone = Math.min(...acks.map((a) => a[origin] ?? 0));
    const floor = Math.min(everyone, newest - 1);
    if (floor > 0) floors[origin] = floor;
  }
  return floors;
}
