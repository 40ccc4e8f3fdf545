import { randomBytes } from 'node:crypto';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { Class, GoDecodePipe, nestedClass } from '../../apps/explorer/src/http/go-decode.pipe';
import { startTestApp, TestApp, TestResponse } from '../setup/app';
import { createUser, makeNode, TestNode, TestUser } from '../fixtures/identities';
import { capacityReservation } from '../fixtures/pools';
import {
  Customer,
  getWorkload,
  newCustomer,
  newFarm,
  newPool,
  registerFarm,
  WORKLOAD_TYPES,
} from '../fixtures/workloads';

type Json = Record<string, unknown>;
interface Call {
  method: 'POST' | 'PUT';
  url: string;
  body: unknown;
  by?: TestNode | TestUser;
}

const LOCATION = { city: 'Ghent', country: 'Belgium', continent: 'Europe', latitude: 51, longitude: 3.7 };

/** Every class a controller takes as a request body (array bodies: their item class). */
function bodyDtos(t: TestApp): Class[] {
  const found = new Set<Class>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Class;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
          string,
          { index: number; pipes: unknown[] }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ??
          []) as unknown[];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.BODY) continue;
          const items = arg.pipes.find((p): p is GoDecodePipe => p instanceof GoDecodePipe)?.items;
          const type = items ?? types[arg.index];
          if (typeof type === 'function' && type !== Object && type !== Array) found.add(type as Class);
        }
      }
    }
  }
  return [...found];
}

/** Paths of every array or map field of a DTO, nested DTOs included (`a.b`, `list[0].c`). */
function collectionFields(cls: Class, prefix = ''): { path: string; empty: [] | Json }[] {
  const properties = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );
  return [...properties].flatMap((property) => {
    const declared: unknown = Reflect.getMetadata('design:type', cls.prototype, property);
    const path = `${prefix}${property}`;
    const nested = nestedClass(cls, property, declared);
    if (declared === Array)
      return [{ path, empty: [] as [] }, ...(nested ? collectionFields(nested, `${path}[0].`) : [])];
    if (declared === Object) return [{ path, empty: {} }];
    return nested ? collectionFields(nested, `${path}.`) : [];
  });
}

/** Sets `path` (as collectionFields writes it) in a copy of `body`. */
function withField(body: unknown, path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body)) as Json;
  const keys = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  let target = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys[keys.length - 1]] = value;
  return copy;
}

/**
 * Go writes a nil slice or map as `null`: for every DTO of the API, each array or map field set to
 * `null` must get the very answer the same request gets with `[]` or `{}`.
 */
describe('null in any array or map field of any DTO is answered as the empty value', () => {
  let t: TestApp;
  let farmer: TestUser;
  let farmId: number;
  let node: TestNode;

  beforeAll(async () => {
    t = await startTestApp();
    farmer = await createUser(t);
    farmId = await registerFarm(t, farmer, 'nil-walk');
    node = makeNode();
    const registration = {
      node_id: node.nodeId,
      farm_id: farmId,
      os_version: 'v2',
      public_key_hex: node.pubkeyHex,
      location: LOCATION,
    };
    const url = '/api/v1/nodes';
    expect(
      (await t.request({ method: 'POST', url, body: registration, headers: node.sign('POST', url) })).status,
    ).toBe(201);
  });
  afterAll(() => t.close());

  const farmBody = (): Json => ({
    threebot_id: farmer.id,
    name: `walk-${randomBytes(4).toString('hex')}`,
    wallet_addresses: [{ asset: 'TFT', address: 'GWALK' }],
    location: LOCATION,
    resource_prices: [{ currency: 2, cru: 1, mru: 1, hru: 1, sru: 1, nru: 1 }],
  });
  /** A fresh, valid request for each DTO that has array or map fields. */
  const requests: Record<string, () => Call> = {
    CreateFarmDto: () => ({ method: 'POST', url: '/api/v1/farms', body: farmBody(), by: farmer }),
    UpdateFarmDto: () => ({ method: 'PUT', url: `/api/v1/farms/${farmId}`, body: farmBody(), by: farmer }),
    CapacityReportDto: () => ({
      method: 'POST',
      url: `/api/v1/nodes/${node.nodeId}/capacity`,
      body: {
        capacity: { cru: 1, mru: 1, hru: 1, sru: 1 },
        dmi: { a: 1 },
        disks: { b: 2 },
        hypervisor: ['kvm'],
      },
      by: node,
    }),
    IfaceDto: () => ({
      method: 'POST',
      url: `/api/v1/nodes/${node.nodeId}/interfaces`,
      body: { name: 'zos', addrs: ['10.4.0.12/16'], gateway: ['10.4.0.1'], macaddress: '' },
      by: node,
    }),
    PortsDto: () => ({
      method: 'POST',
      url: `/api/v1/nodes/${node.nodeId}/ports`,
      body: { ports: [3000] },
      by: node,
    }),
    RegisterGatewayDto: () => {
      const gw = makeNode();
      return {
        method: 'POST',
        url: '/api/v1/gateways',
        by: gw,
        body: {
          node_id: gw.nodeId,
          farm_id: farmId,
          os_version: 'v0.1',
          public_key_hex: gw.pubkeyHex,
          location: LOCATION,
          managed_domains: ['gw.example.com'],
          dns_nameserver: ['ns1.example.com'],
        },
      };
    },
  };

  const send = async ({ method, url, body, by }: Call, isArrayBody: boolean) => {
    const res: TestResponse = await t.request({
      method,
      url,
      body: isArrayBody ? [body] : body,
      headers: by ? by.sign(method, url) : {},
    });
    return [res.status, res.status >= 400 ? res.json<{ error: string }>().error : 'ok'];
  };

  it('finds every body DTO of the API and knows a request for each one with array or map fields', () => {
    const dtos = bodyDtos(t);
    expect(dtos.map((d) => d.name)).toEqual(
      expect.arrayContaining(['CreateFarmDto', 'IfaceDto', 'CreateUserDto']),
    );
    const withCollections = dtos.filter((d) => collectionFields(d).length > 0).map((d) => d.name);
    expect(withCollections.sort()).toEqual(Object.keys(requests).sort());
  });

  it.each(Object.keys(requests))('%s', async (name) => {
    const fields = collectionFields(bodyDtos(t).find((d) => d.name === name)!);
    expect(fields.length).toBeGreaterThan(0);
    const isArrayBody = name === 'IfaceDto';
    const answers: string[] = [];
    for (const { path, empty } of fields) {
      const base = requests[name]();
      const asNull = await send({ ...base, body: withField(base.body, path, null) }, isArrayBody);
      const again = requests[name]();
      const asEmpty = await send({ ...again, body: withField(again.body, path, empty) }, isArrayBody);
      expect([path, ...asNull]).toEqual([path, ...asEmpty]);
      expect(asNull[0]).toBeLessThan(500);
      answers.push(`${path}: ${asNull.join(' ')}`);
    }
    expect(answers.length).toBe(fields.length);
  });
});

/** Paths of every array (and string map) anywhere in a parsed wire body. */
function wireCollections(value: unknown, prefix = ''): { path: string; empty: [] | Json }[] {
  if (Array.isArray(value))
    return [
      { path: prefix, empty: [] },
      ...value.flatMap((item, i) => wireCollections(item, `${prefix}[${i}]`)),
    ];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (key === 'environment' || key === 'secret_environment') return [{ path, empty: {} }];
    return wireCollections(item, path);
  });
}

/** The same rule for the signed wire bodies: workloads of every type and capacity reservations. */
describe('null in any array or map field of a signed wire body is answered as the empty value', () => {
  let t: TestApp;
  let customer: Customer;
  let nodeId: string;
  let poolId: number;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp();
    customer = await newCustomer(t);
    const farm = await newFarm(t, await newCustomer(t));
    nodeId = farm.node.nodeId;
    poolId = await newPool(t, customer, [nodeId]);
  });
  afterAll(() => t.close());

  /**
   * The stored workload without what differs between two creates (id, text, time, signature). The wire
   * keeps Go's distinction between a nil slice (`null`) and an empty one, as Go's explorer printed them;
   * both mean "none", so empty collections compare as null.
   */
  const stored = async (res: TestResponse) => {
    if (res.status !== 201) return [res.status, res.json<{ error: string }>().error];
    const w = (await getWorkload(
      t,
      res.json<{ reservation_id: number }>().reservation_id,
    )) as unknown as Json;
    const { id: _id, description: _d, epoch: _e, customer_signature: _s, json: _j, ...rest } = w;
    const emptyAsNull = (_key: string, v: unknown) =>
      (Array.isArray(v) && v.length === 0) || (v && typeof v === 'object' && Object.keys(v).length === 0)
        ? null
        : v;
    return [201, JSON.parse(JSON.stringify(rest), emptyAsNull)];
  };

  it.each(WORKLOAD_TYPES)('%s', async (_, build) => {
    const signed = (description: string) =>
      JSON.parse(
        customer.id.workloadBody(
          build({ node_id: nodeId, pool_id: poolId, customer_tid: customer.user.id, description }),
        ),
      ) as Json;
    const fields = wireCollections(signed('probe')).filter(({ path }) => !path.startsWith('result'));
    expect(fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['signatures_provision', 'signatures_delete']),
    );
    for (const { path, empty } of fields) {
      const send = (body: unknown) =>
        t.request({
          method: 'POST',
          url: '/api/v1/reservations/workloads',
          body,
          headers: customer.id.httpHeaders('POST', '/api/v1/reservations/workloads'),
        });
      const asNull = await stored(await send(withField(signed(`null ${++seq}`), path, null)));
      const asEmpty = await stored(await send(withField(signed(`empty ${++seq}`), path, empty)));
      expect([path, ...asNull]).toEqual([path, ...asEmpty]);
    }
  });

  it.each(['node_ids', 'currencies'] as const)('capacity reservation with %s null', async (field) => {
    const reserve = async (value: string[] | null) => {
      const data = { node_ids: [nodeId], cus: 100, sus: 100, [field]: value };
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/reservations/pools',
        body: capacityReservation(customer.user, data),
      });
      return [res.status, res.status >= 400 ? res.json<{ error: string }>().error : 'ok'];
    };
    expect(await reserve(null)).toEqual(await reserve([]));
  });
});
