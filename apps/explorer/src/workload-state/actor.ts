/** Who caused a transition: `tid:<n>`, `node:<id>` or `system`. */
export type Actor = `tid:${number}` | `node:${string}` | 'system';

export const tidActor = (tid: number): Actor => `tid:${tid}`;
export const nodeActor = (nodeId: string): Actor => `node:${nodeId}`;
