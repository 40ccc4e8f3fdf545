import { NextAction } from '@app/wire';
import { assertUnreachable } from './errors';

export { NextAction };

export const NEXT_ACTIONS: readonly NextAction[] = [
  NextAction.Create,
  NextAction.Sign,
  NextAction.Pay,
  NextAction.Deploy,
  NextAction.Delete,
  NextAction.Invalid,
  NextAction.Deleted,
  NextAction.Migrated,
];

/** Lower-case name used in messages and history (7 has no name in the reference; we call it `migrated`). */
export function nextActionName(action: NextAction): string {
  switch (action) {
    case NextAction.Create:
      return 'create';
    case NextAction.Sign:
      return 'sign';
    case NextAction.Pay:
      return 'pay';
    case NextAction.Deploy:
      return 'deploy';
    case NextAction.Delete:
      return 'delete';
    case NextAction.Invalid:
      return 'invalid';
    case NextAction.Deleted:
      return 'deleted';
    case NextAction.Migrated:
      return 'migrated';
    default:
      return assertUnreachable(action);
  }
}

export function isNextAction(value: number): value is NextAction {
  return Number.isInteger(value) && value >= NextAction.Create && value <= NextAction.Migrated;
}

/** decisions.md §2.1 / §2.10: nothing ever leaves these states. */
export function isTerminal(action: NextAction): boolean {
  return action === NextAction.Invalid || action === NextAction.Deleted || action === NextAction.Migrated;
}

/** States a node must see (poll cursor / work queue). */
export function isVisibleToNode(action: NextAction): boolean {
  return action === NextAction.Deploy || action === NextAction.Delete;
}

/** Applies the automatic `step` until nothing moves: the pipelines settle in at most one pass. */
export function settle(start: NextAction, step: (state: NextAction) => NextAction): NextAction {
  let state = start;
  for (;;) {
    const next = step(state);
    if (next === state) return state;
    state = next;
  }
}
