/**
 * The top-level `next_action` of a stored workload's compact wire JSON. It is rendered once, right before
 * `signatures_provision`; inside string values a quote is always escaped, so the pattern cannot match there.
 */
const NEXT_ACTION_RE = /"next_action":\d+,"signatures_provision":/;

/** Sets `next_action` in stored wire JSON without re-rendering the rest (system transitions). */
export function setWireNextAction(wire: string, nextAction: number): string {
  if (!NEXT_ACTION_RE.test(wire)) throw new Error('wire JSON has no top-level next_action');
  return wire.replace(NEXT_ACTION_RE, `"next_action":${nextAction},"signatures_provision":`);
}
