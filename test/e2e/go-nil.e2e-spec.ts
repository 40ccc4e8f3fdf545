import { randomBytes } from 'node:crypto';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { Class, GoDecodePipe, nestedClass } from '../../apps/explorer/src/http/go-decode.pipe';
import { startTestApp, TestApp, TestResponse } from '../setup/app';
import { createUser, makeNode, TestNode, TestUser } from '../setup/identities';

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
    const farm = await t.request({
      method: 'POST',
      url: '/api/v1/farms',
      body: { threebot_id: farmer.id, name: 'nil-walk', wallet_addresses: [{ asset: 'TFT', address: 'G' }] },
    });
    farmId = farm.json<{ id: number }>().id;
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
    CreateFarmDto: () => ({ method: 'POST', url: '/api/v1/farms', body: farmBody() }),
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
