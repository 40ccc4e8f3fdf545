import { LegacyNetwork, LegacyReservation, NetworkNetResource, ReservationData } from '../model';
import {
  array,
  decodeInto,
  fields,
  int64,
  ipRange,
  nested,
  nextActionEnum,
  string,
  strings,
  struct,
} from './fields';
import {
  container,
  domainDelegate,
  emptyResult,
  gateway4to6,
  item,
  k8s,
  nestedDate,
  networkResource,
  newSigningRequest,
  peers,
  proxy,
  resultFields,
  reverseProxy,
  signatures,
  signingRequestFields,
  statsAggregators,
  subdomain,
  volume,
  zdb,
} from './workload';

// Legacy (v1) reservations: data_reservation with its typed workload lists.

const networkNetResourceFields = fields<NetworkNetResource>({
  node_id: string,
  wireguard_private_key_encrypted: string,
  wireguard_public_key: string,
  wireguard_listen_port: int64,
  iprange: ipRange,
  peers: (n, p, _prev, src) => peers(n, p, src),
});

const networkFields = fields<LegacyNetwork>({
  name: string,
  workload_id: int64,
  iprange: ipRange,
  stats_aggregator: (n, p) => statsAggregators(n, p),
  network_resources: (n, p, _prev, src) =>
    array(
      n,
      p,
      src,
      struct(
        () => ({
          node_id: '',
          wireguard_private_key_encrypted: '',
          wireguard_public_key: '',
          wireguard_listen_port: 0,
          iprange: '',
          peers: null,
        }),
        networkNetResourceFields,
      ),
    ),
  farmer_tid: int64,
});

const dataFields = fields<ReservationData>({
  description: string,
  currencies: (n, p) => strings(n, p),
  signing_request_provision: nested(signingRequestFields),
  signing_request_delete: nested(signingRequestFields),
  containers: (n, p, _prev, src) => array(n, p, src, item(container)),
  volumes: (n, p, _prev, src) => array(n, p, src, item(volume)),
  zdbs: (n, p, _prev, src) => array(n, p, src, item(zdb)),
  networks: (n, p, _prev, src) =>
    array(
      n,
      p,
      src,
      struct(
        () => ({
          name: '',
          workload_id: 0,
          iprange: '',
          stats_aggregator: null,
          network_resources: null,
          farmer_tid: 0,
        }),
        networkFields,
      ),
    ),
  network_resource: (n, p, _prev, src) => array(n, p, src, item(networkResource)),
  kubernetes: (n, p, _prev, src) => array(n, p, src, item(k8s)),
  proxies: (n, p, _prev, src) => array(n, p, src, item(proxy)),
  reverse_proxies: (n, p, _prev, src) => array(n, p, src, item(reverseProxy)),
  subdomains: (n, p, _prev, src) => array(n, p, src, item(subdomain)),
  domain_delegates: (n, p, _prev, src) => array(n, p, src, item(domainDelegate)),
  gateway4to6: (n, p, _prev, src) => array(n, p, src, item(gateway4to6)),
  expiration_provisioning: (n, p) => nestedDate(n, p),
  expiration_reservation: (n, p) => nestedDate(n, p),
});

function newReservationData(): ReservationData {
  return {
    description: '',
    currencies: null,
    signing_request_provision: newSigningRequest(),
    signing_request_delete: newSigningRequest(),
    containers: null,
    volumes: null,
    zdbs: null,
    networks: null,
    network_resource: null,
    kubernetes: null,
    proxies: null,
    reverse_proxies: null,
    subdomains: null,
    domain_delegates: null,
    gateway4to6: null,
    expiration_provisioning: 0,
    expiration_reservation: 0,
  };
}

const reservationFields = fields<LegacyReservation>({
  id: int64,
  json: string,
  data_reservation: nested(dataFields),
  customer_tid: int64,
  customer_signature: string,
  next_action: nextActionEnum,
  signatures_provision: (n, p, _prev, src) => signatures(n, p, src),
  signatures_farmer: (n, p, _prev, src) => signatures(n, p, src),
  signatures_delete: (n, p, _prev, src) => signatures(n, p, src),
  epoch: (n, p) => nestedDate(n, p),
  metadata: string,
  results: (n, p, _prev, src) => array(n, p, src, struct(emptyResult, resultFields)),
});

/** Decodes a legacy multi-workload reservation (body with data_reservation). */
export function decodeLegacyReservation(body: string): LegacyReservation {
  const r: LegacyReservation = {
    id: 0,
    json: '',
    data_reservation: newReservationData(),
    customer_tid: 0,
    customer_signature: '',
    next_action: 0,
    signatures_provision: null,
    signatures_farmer: null,
    signatures_delete: null,
    epoch: 0,
    metadata: '',
    results: null,
  };
  return decodeInto(body, 'a reservation object', r, reservationFields);
}

/** Decodes the signed `json` text of a legacy reservation (to compare with data_reservation). */
export function decodeReservationData(text: string): ReservationData {
  return decodeInto(text, 'reservation data', newReservationData(), dataFields);
}
