import { DomainError } from './errors';
import {
  assertCanSign,
  countSignatures,
  deleteSatisfied,
  isSigner,
  provisionSatisfied,
  quorumMet,
} from './quorum';

const sigs = (...tids: number[]) => tids.map((tid) => ({ tid }));

describe('countSignatures (port of Test_countSignatures)', () => {
  it.each([
    ['included', sigs(1), [1], 1],
    ['not_required', sigs(1), [2], 0],
    ['multiple', sigs(1, 2, 3), [1, 3], 2],
    ['empty', sigs(), [1], 0],
    ['duplicate tid counted once', sigs(1, 1, 1), [1, 2], 1],
  ])('%s', (_name, signatures, signers, want) => {
    expect(countSignatures({ signers, quorum_min: 1 }, signatures)).toBe(want);
  });
});

describe('quorum predicates', () => {
  it.each([
    // signers, quorum, signatures, quorumMet, provisionSatisfied, deleteSatisfied
    [[], 0, sigs(), true, true, false],
    [[1], 0, sigs(1), true, true, false],
    [[1, 2, 3], 2, sigs(1), false, false, false],
    [[1, 2, 3], 2, sigs(1, 3), true, true, true],
    [[1, 2, 3], 2, sigs(1, 1), false, false, false],
    [[1, 2, 3], 2, sigs(1, 9), false, false, false],
    [[1], 1, sigs(1), true, true, true],
  ])('signers %j quorum %i sigs %j', (signers, quorum_min, signatures, met, prov, del) => {
    const req = { signers, quorum_min };
    expect(quorumMet(req, signatures)).toBe(met);
    expect(provisionSatisfied(req, signatures)).toBe(prov);
    expect(deleteSatisfied(req, signatures)).toBe(del);
  });

  it('isSigner', () => {
    expect(isSigner({ signers: [4, 5], quorum_min: 1 }, 5)).toBe(true);
    expect(isSigner({ signers: [4, 5], quorum_min: 1 }, 6)).toBe(false);
  });
});

describe('assertCanSign (port of Test_userCanSign)', () => {
  it.each([
    ['user_required_no_signature', 1, [1], sigs(), null, ''],
    [
      'user_required_already_signed',
      1,
      [1],
      sigs(2, 1),
      'bad_request',
      'user 1 has already signed the reservation for deletion',
    ],
    ['user_not_required', 1, [2], sigs(), 'unauthorized', "signature not required for user '1'"],
    [
      'not listed wins over already signed',
      1,
      [2],
      sigs(1),
      'unauthorized',
      "signature not required for user '1'",
    ],
  ])('%s', (_name, tid, signers, signatures, kind, message) => {
    const run = () => assertCanSign({ signers, quorum_min: 1 }, signatures, tid);
    if (kind === null) {
      expect(run).not.toThrow();
      return;
    }
    expect(run).toThrow(DomainError);
    try {
      run();
    } catch (e) {
      expect(e).toMatchObject({ kind, message });
    }
  });
});
