import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../transformers';

/**
 * A legacy multi-workload reservation. `document` is the decoded reservation (without results: those
 * live on its derived rows in `workloads`); the columns are what lists, the expiry sweep and the
 * idempotency checks query.
 */
@Entity({ name: 'reservations' })
@Index('reservations_customer', ['customerTid', 'id'])
@Index('reservations_next_action', ['nextAction', 'id'])
@Index('reservations_expiry', ['expirationProvisioning'], { where: 'next_action IN (0, 1, 2, 3)' })
// The same request again returns the first id; the same signed data in another request is a conflict.
@Index('reservations_request', ['requestSha256'], { unique: true })
@Index('reservations_customer_signature', ['customerTid', 'customerSignature'], { unique: true })
export class ReservationEntity {
  /** From `reservation_id_seq`, shared with new-style workloads. */
  @PrimaryColumn({
    type: 'bigint',
    transformer: bigintNumber,
    default: () => "nextval('reservation_id_seq')",
  })
  id!: number;

  @Column({ name: 'customer_tid', type: 'bigint', transformer: bigintNumber })
  customerTid!: number;

  @Column({ name: 'customer_signature', type: 'text' })
  customerSignature!: string;

  @Column({ name: 'request_sha256', type: 'text' })
  requestSha256!: string;

  @Column({ name: 'next_action', type: 'smallint' })
  nextAction!: number;

  @Column({ name: 'expiration_provisioning', type: 'bigint', transformer: bigintNumber })
  expirationProvisioning!: number;

  @Column({ name: 'expiration_reservation', type: 'bigint', transformer: bigintNumber })
  expirationReservation!: number;

  /** Owner tids of the involved farms that required a farmer signature when it was created. */
  @Column({ name: 'farmer_signers', type: 'jsonb' })
  farmerSigners!: number[];

  @Column({ type: 'jsonb' })
  document!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
