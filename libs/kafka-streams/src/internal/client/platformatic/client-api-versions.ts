// @platformatic/kafka picks, for each request, the highest version both it and the broker support. For
// AddPartitionsToTxn that is v5, but versions 4 and up are the brokers' own (the batched form a partition leader
// sends the transaction coordinator to verify or, under transaction version 2, add a partition on a producer's
// behalf): a client sends v3 or lower. Sent by a client, v5 registers the partitions the way a broker would for a
// transaction-version-2 producer, while this client ends its transactions with EndTxn v4, a version-1 client.
// Produce v11, where the broker takes it, is written by the runtime's own encoder (produce-api.ts).
import {
  type API,
  type apiVersionsV3,
  type Callback,
  type CallbackWithPromise,
  kGetApi,
  kListApis,
  Producer,
} from '@platformatic/kafka';
import { produceApi } from './produce-api.js';

type ApiVersions = apiVersionsV3.ApiVersionsResponseApi;

/** The highest version of each request a client may send, where the broker's highest is not one. */
const CLIENT_MAX_VERSIONS: ReadonlyMap<string, number> = new Map([['AddPartitionsToTxn', 3]]);

export function clientApiVersions(apis: ReadonlyArray<ApiVersions>): ApiVersions[] {
  return apis.map((api) => {
    const clientMax = CLIENT_MAX_VERSIONS.get(api.name);
    return clientMax === undefined || api.maxVersion <= clientMax ? api : { ...api, maxVersion: clientMax };
  });
}

/**
 * A Producer that negotiates request versions as a client (never a version reserved to brokers) and writes its
 * Produce requests with the runtime's encoder when the version it picked is the encoder's.
 */
export class ClientProducer extends Producer {
  override [kListApis](callback: CallbackWithPromise<ApiVersions[]>): void {
    super[kListApis]((error, apis) => {
      if (error) callback(error);
      else callback(null, clientApiVersions(apis ?? []));
    });
  }

  override [kGetApi]<RequestArguments extends Array<unknown>, ResponseType>(
    name: string,
    callback: Callback<API<RequestArguments, ResponseType>>,
  ): void {
    super[kGetApi]<RequestArguments, ResponseType>(name, (error, api) => {
      if (!error && name === 'Produce' && api?.version === produceApi.version) {
        // The same request and response as the API it replaces: only the generic parameters are lost on the way.
        callback(null, produceApi as unknown as API<RequestArguments, ResponseType>);
      } else callback(error, api);
    });
  }
}
