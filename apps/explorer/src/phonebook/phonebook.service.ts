import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest, conflict, notFound } from '@app/domain';
import { decodeHex, isHexPublicKey, verifyEd25519Async } from '@app/crypto';
import { UserEntity, UserFilter, UsersRepository } from '@app/persistence';
import { Page, PageRequest } from '../http/pagination';
import { CreateUserDto, UpdateUserDto, UserView } from './user.dto';

const MIN_NAME_LENGTH = 3;

function view(user: UserEntity, revealEmail: boolean): UserView {
  return {
    id: user.id,
    name: user.name,
    email: revealEmail ? user.email : '',
    pubkey: user.pubkey,
    host: user.host,
    description: user.description,
  };
}

/** The phonebook of user identities (directory.md §4). */
@Injectable()
export class PhonebookService {
  constructor(
    private readonly users: UsersRepository,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async create(input: CreateUserDto): Promise<UserView> {
    if (input.name !== input.name.toLowerCase()) throw badRequest('name should be all lower case');
    if (input.email !== input.email.toLowerCase()) throw badRequest('email should be all lower case');
    if (input.name.length < MIN_NAME_LENGTH)
      throw badRequest(`name should be at least ${MIN_NAME_LENGTH} character`);
    if (!isHexPublicKey(input.pubkey)) throw badRequest(`invalid public key ${input.pubkey}`);
    const user = await this.users.insert({
      name: input.name,
      email: input.email,
      pubkey: input.pubkey.toLowerCase(),
    });
    if (!user) throw conflict('user with same name or email exists');
    return view(user, true);
  }

  async get(id: number, revealEmail: boolean): Promise<UserView> {
    const user = id === 0 ? null : await this.users.findById(id);
    if (!user) throw notFound('user not found');
    return view(user, revealEmail);
  }

  async list(filter: UserFilter, page: PageRequest, revealEmail: boolean): Promise<Page<UserView>> {
    const { items, total } = await this.users.list(filter, page.offset, page.size);
    return { items: items.map((u) => view(u, revealEmail)), total, size: page.size };
  }

  /** Body-signed profile update; the key and the name cannot change (HEAD behaviour). */
  async update(id: number, input: UpdateUserDto): Promise<void> {
    if (input.sender_signature_hex === '') throw badRequest('signature is required');
    const signature = decodeHex(input.sender_signature_hex);
    if (!signature) throw badRequest('signature must be hex encoded');
    if (input.email !== input.email.toLowerCase()) throw badRequest('email should be all lower case');
    const user = id === 0 ? null : await this.users.findById(id);
    if (!user) throw notFound('user not found');
    if (input.pubkey !== '' && input.pubkey !== user.pubkey)
      throw badRequest('bad data during user update: can not update public key');
    if (input.name !== '' && input.name !== user.name)
      throw badRequest('bad data during user update: can not update name');
    const message = `${id}${input.name}${input.email}${input.host}${input.description}${input.pubkey}`;
    if (
      !(await verifyEd25519Async(Buffer.from(user.pubkey, 'hex'), Buffer.from(message, 'utf8'), signature))
    ) {
      throw badRequest('bad data during user update: payload verification failed');
    }
    await this.db.transaction(async (em) => {
      const locked = await this.users.lockById(em, id);
      if (!locked) throw notFound('user not found');
      // The signature was checked against `user.pubkey` before the lock: the row must still hold it.
      if (locked.pubkey !== user.pubkey) throw conflict('user key changed during the update, retry');
      const changed = await this.users.updateProfile(em, id, {
        email: input.email || locked.email,
        host: input.host || locked.host,
        description: input.description || locked.description,
      });
      if (!changed) throw conflict('user with same name or email exists');
    });
  }

  async validateSignature(
    id: number,
    payloadHex: string,
    signatureHex: string,
  ): Promise<{ is_valid: boolean }> {
    const payload = decodeHex(payloadHex);
    if (!payload) throw badRequest('payload must be hex encoded string of original data');
    const signature = decodeHex(signatureHex);
    if (!signature) throw badRequest('signature must be hex encoded string of original data');
    const user = id === 0 ? null : await this.users.findById(id);
    if (!user) throw notFound('user not found');
    return { is_valid: await verifyEd25519Async(Buffer.from(user.pubkey, 'hex'), payload, signature) };
  }
}
