/**
 * `x-last-id` of a node poll (decisions.md §2.2, workloads.md §7.4).
 *
 * - `returnedRowIds`: ids of the reservations/workloads the id-ordered scan from `from` put in the answer
 *   (queue items excluded: they are delivered regardless of the cursor).
 * - `committedCeiling`: the highest id N such that no row with id <= N can still become visible (sequence
 *   values are taken before commit, so a smaller id may commit after a larger one). Read before the scan.
 *
 * The node continues from `x-last-id + 1` and tolerates duplicates but not gaps, so the answer is the last
 * row returned, never above the ceiling; an idle scan jumps to the ceiling. It never goes below `from - 1`,
 * which would make the node step back.
 */
export function pollLastId(
  from: number,
  returnedRowIds: readonly number[],
  committedCeiling: number,
): number {
  const reached = returnedRowIds.length === 0 ? committedCeiling : Math.max(...returnedRowIds);
  return Math.max(from - 1, Math.min(reached, committedCeiling));
}
