import { Check, Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../transformers';

@Entity({ name: 'users' })
@Check('users_name_lower', 'name = lower(name)')
@Check('users_email_lower', 'email = lower(email)')
@Index('users_email_unique', ['email'], { unique: true, where: "email <> ''" })
export class UserEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  @Generated('increment')
  id!: number;

  @Index('users_name_unique', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  email!: string;

  @Column({ type: 'text' })
  pubkey!: string;

  @Column({ type: 'text', default: '' })
  host!: string;

  @Column({ type: 'text', default: '' })
  description!: string;
}
