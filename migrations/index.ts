import { Phonebook1763800000000 } from './1763800000000-Phonebook';

/** Every migration in order; the app runs them at start, the drift test checks them against the entities. */
export const MIGRATIONS = [Phonebook1763800000000];
