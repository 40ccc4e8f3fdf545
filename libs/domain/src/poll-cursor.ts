/**
 * One page of a node poll (decisions.md §2.2, workloads.md §7.4).
 *
 * Every item a node must see has a *position* drawn from the shared id sequence: a workload's cursor
 * position is its id, a work-queue item's is the sequence value taken when it was (re)queued. A node
 * that continues from `x-last-id + 1` has therefore seen every item with a position <= `x-last-id`,
 * so a queue item reaches it once per change, not on every poll.
 *
 * The poll reads each side (cursor rows, queue items) in position order from `from`, at most `limit`
 * each; a side that came back full covers positions up to its last row only. The page takes the
 * covered candidates in position order, each workload once (`key`), at most `limit`.
 *
 * `committedCeiling`: the highest position N such that nothing at or below N can still become
 * visible (sequence values are taken before commit). Read before the scan. `x-last-id` never passes
 * it (the node tolerates duplicates, not gaps) and never goes below `from - 1` (the node would step
 * back); a page that covered every position jumps to it.
 */
export interface PollCandidate {
  position: number;
  /** Identity of the workload the candidate delivers (`<id>-<workload id>`). */
  key: string;
}

export interface PollSide<T extends PollCandidate> {
  /** In position order, at most `limit`. */
  rows: readonly T[];
  /** True when the side was cut at `limit`: positions past its last row were not read. */
  full: boolean;
}

export interface PollPage<T extends PollCandidate> {
  items: T[];
  lastId: number;
  /** Highest position in `items` above `lastId` (they come again on the next poll), else null. */
  resent: number | null;
}

export function pollPage<T extends PollCandidate>(
  from: number,
  sides: readonly PollSide<T>[],
  committedCeiling: number,
  limit: number,
): PollPage<T> {
  // Most polls are idle: nothing to merge, the page jumps to the ceiling.
  if (sides.every((side) => side.rows.length === 0))
    return { items: [], lastId: Math.max(from - 1, committedCeiling), resent: null };
  let covered = Infinity;
  for (const side of sides) {
    if (side.full && side.rows.length > 0)
      covered = Math.min(covered, side.rows[side.rows.length - 1].position);
  }
  const candidates = sides
    .flatMap((side) => side.rows.filter((row) => row.position <= covered))
    .sort((a, b) => a.position - b.position);
  const items: T[] = [];
  const keys = new Set<string>();
  for (const candidate of candidates) {
    if (keys.has(candidate.key)) continue;
    if (items.length === limit) {
      covered = items[items.length - 1].position;
      break;
    }
    keys.add(candidate.key);
    items.push(candidate);
  }
  const lastId = Math.max(from - 1, Math.min(covered, committedCeiling));
  const highest = items.length > 0 ? items[items.length - 1].position : -Infinity;
  return { items, lastId, resent: highest > lastId ? highest : null };
}
