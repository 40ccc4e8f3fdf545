import {
  isNextAction,
  isTerminal,
  isVisibleToNode,
  NEXT_ACTIONS,
  NextAction,
  nextActionName,
} from './next-action';

describe('NextAction', () => {
  it.each<[NextAction, string, boolean, boolean]>([
    [NextAction.Create, 'create', false, false],
    [NextAction.Sign, 'sign', false, false],
    [NextAction.Pay, 'pay', false, false],
    [NextAction.Deploy, 'deploy', false, true],
    [NextAction.Delete, 'delete', false, true],
    [NextAction.Invalid, 'invalid', true, false],
    [NextAction.Deleted, 'deleted', true, false],
    [NextAction.Migrated, 'migrated', true, false],
  ])('%i is %s', (action, name, terminal, visible) => {
    expect(nextActionName(action)).toBe(name);
    expect(isTerminal(action)).toBe(terminal);
    expect(isVisibleToNode(action)).toBe(visible);
  });

  it('wire values 0..7 and nothing else', () => {
    expect(NEXT_ACTIONS).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([-1, 8, 1.5, 300].map(isNextAction)).toEqual([false, false, false, false]);
    expect(NEXT_ACTIONS.every(isNextAction)).toBe(true);
  });
});
