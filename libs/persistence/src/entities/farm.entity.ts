import { Column, Entity, Generated, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../transformers';

export interface WalletAddress {
  asset: string;
  address: string;
}

export interface GeoLocation {
  city: string;
  country: string;
  continent: string;
  latitude: number;
  longitude: number;
}

export interface ResourcePrice {
  currency: number;
  cru: number;
  mru: number;
  hru: number;
  sru: number;
  nru: number;
}

/** A farm (directory.md §5.1); nested wire objects are stored as they are read back. */
@Entity({ name: 'farms' })
export class FarmEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  @Generated('increment')
  id!: number;

  @Index('farms_threebot_id')
  @Column({ name: 'threebot_id', type: 'bigint', transformer: bigintNumber })
  threebotId!: number;

  @Column({ name: 'iyo_organization', type: 'text', default: '' })
  iyoOrganization!: string;

  @Index('farms_name_unique', { unique: true })
  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'wallet_addresses', type: 'jsonb' })
  walletAddresses!: WalletAddress[];

  @Column({ type: 'jsonb' })
  location!: GeoLocation;

  @Column({ type: 'text', default: '' })
  email!: string;

  @Column({ name: 'resource_prices', type: 'jsonb' })
  resourcePrices!: ResourcePrice[];

  @Column({ name: 'prefix_zero', type: 'text', default: '' })
  prefixZero!: string;

  /** decisions.md §3: workloads on this farm wait for the farmer's signature. */
  @Column({ name: 'require_farmer_signature', type: 'boolean', default: false })
  requireFarmerSignature!: boolean;
}
