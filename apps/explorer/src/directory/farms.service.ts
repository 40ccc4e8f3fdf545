import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest, conflict, forbidden, notFound } from '@app/domain';
import {
  FarmChanges,
  FarmEntity,
  FarmFilter,
  FarmsRepository,
  NewFarm,
  UsersRepository,
} from '@app/persistence';
import { Page, PageRequest } from '../http/pagination';
import { CreateFarmDto, FarmView, UpdateFarmDto } from './farm.dto';
import { isCidrOf, isEmail } from './validation';

const FARM_NAME_RE = /^[a-zA-Z0-9-_]+$/;

function view(farm: FarmEntity, revealEmail: boolean): FarmView {
  return {
    id: farm.id,
    threebot_id: farm.threebotId,
    iyo_organization: farm.iyoOrganization,
    name: farm.name,
    wallet_addresses: farm.walletAddresses,
    location: farm.location,
    email: revealEmail ? farm.email : '',
    resource_prices: farm.resourcePrices,
    prefix_zero: farm.prefixZero,
    require_farmer_signature: farm.requireFarmerSignature,
  };
}

/** Field rules of the reference's farm Validate, applied to whatever a create or update sets. */
function validate(
  farm: Pick<UpdateFarmDto, 'name' | 'threebot_id' | 'wallet_addresses' | 'email' | 'prefix_zero'>,
): void {
  if (farm.name !== undefined && !FARM_NAME_RE.test(farm.name)) {
    throw badRequest(
      'invalid farm name. name can only contain alphanumeric characters dash (-) or underscore (_)',
    );
  }
  if (farm.threebot_id === 0) throw badRequest('threebot_id is required');
  if (farm.wallet_addresses !== undefined && farm.wallet_addresses.length === 0)
    throw badRequest('wallet_addresses is required');
  if (farm.email && !isEmail(farm.email)) throw badRequest(`invalid email address: ${farm.email}`);
  if (farm.prefix_zero && !isCidrOf(farm.prefix_zero))
    throw badRequest(`invalid prefix_zero: ${farm.prefix_zero}`);
}

/** The columns a create or an update sets from the wire fields (an update leaves out what it omits). */
function farmColumns(input: CreateFarmDto): NewFarm;
function farmColumns(input: UpdateFarmDto): FarmChanges;
function farmColumns(input: CreateFarmDto | UpdateFarmDto): FarmChanges {
  return {
    threebotId: input.threebot_id,
    iyoOrganization: input.iyo_organization,
    name: input.name,
    walletAddresses: input.wallet_addresses,
    location: input.location,
    email: input.email,
    resourcePrices: input.resource_prices,
    prefixZero: input.prefix_zero,
  };
}

/** Farms of the directory (directory.md §5, decisions.md §3 for require_farmer_signature). */
@Injectable()
export class FarmsService {
  constructor(
    private readonly farms: FarmsRepository,
    private readonly users: UsersRepository,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * Registered by the owner: `signer` (the HTTP signature's tid, null when unsigned registration is
   * allowed) must be the farm's `threebot_id`, which must be a phonebook user.
   */
  async create(input: CreateFarmDto, signer: number | null): Promise<{ id: number }> {
    validate(input);
    await this.requireUser(input.threebot_id);
    if (signer !== null && signer !== input.threebot_id)
      throw forbidden('a farm can only be registered by its threebot_id owner');
    const id = await this.db.transaction((em) => this.farms.insert(em, farmColumns(input)));
    if (id === null) throw conflict(`farm with name ${input.name} already exists`);
    return { id };
  }

  async get(id: number, revealEmail: boolean): Promise<FarmView> {
    const farm = await this.farms.findById(id);
    if (!farm) throw notFound(`farm ${id} not found`);
    return view(farm, revealEmail);
  }

  async list(filter: FarmFilter, page: PageRequest, revealEmail: boolean): Promise<Page<FarmView>> {
    const { items, total } = await this.farms.list(filter, page.offset, page.size);
    return { items: items.map((f) => view(f, revealEmail)), total, size: page.size };
  }

  /** Owner-signed update; omitted fields keep their value, `threebot_id` transfers the farm. */
  async update(id: number, signer: number, input: UpdateFarmDto): Promise<void> {
    validate(input);
    if (input.threebot_id !== undefined) await this.requireUser(input.threebot_id);
    await this.db.transaction(async (em) => {
      const farm = await this.farms.lockById(em, id);
      if (!farm) throw notFound(`farm ${id} not found`);
      if (farm.threebotId !== signer)
        throw forbidden('only the farm owner can update the information of its farm');
      const changes: FarmChanges = {
        ...farmColumns(input),
        requireFarmerSignature: input.require_farmer_signature,
      };
      const defined = Object.fromEntries(
        Object.entries(changes).filter(([, value]) => value !== undefined),
      ) as FarmChanges;
      if (!(await this.farms.update(em, id, defined)))
        throw conflict(`farm with name ${input.name} already exists`);
    });
  }

  private async requireUser(tid: number): Promise<void> {
    if (!(await this.users.findById(tid))) throw notFound(`threebot_id ${tid} not found`);
  }
}
