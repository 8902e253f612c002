// The implementation of a request a @platformatic/kafka client picks for the broker it is connected to.
import { type API, type Base, kGetApi } from '@platformatic/kafka';

export function negotiated(client: Base, name: string): Promise<API<unknown[], unknown>> {
  return new Promise((resolve, reject) =>
    client[kGetApi]<unknown[], unknown>(name, (error, api) => (error || !api ? reject(error) : resolve(api))),
  );
}
