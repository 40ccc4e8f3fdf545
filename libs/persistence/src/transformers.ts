import { ValueTransformer } from 'typeorm';

/** pg returns int8 as text; our ids stay below 2^53 (the wire decoder refuses larger ones). */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
