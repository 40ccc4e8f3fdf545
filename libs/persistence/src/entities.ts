import { UserEntity } from './entities/user.entity';

/** Every entity, listed explicitly (no globs): the drift test compares exactly these with the migrations. */
export const ENTITIES = [UserEntity];
