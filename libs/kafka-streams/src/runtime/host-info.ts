// Where an instance answers interactive queries: its `applicationServer` ("host:port"), as Java's HostInfo.

export interface HostInfo {
  readonly host: string;
  readonly port: number;
}

/** Parses "host:port" (port 1-65535); throws a RangeError naming the input. */
export function parseHostInfo(value: string): HostInfo {
  const match = /^([^\s:]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65_535) throw new RangeError(`"${value}" is not "host:port" with a port in 1-65535`);
  return { host: match[1]!, port };
}

export const formatHostInfo = ({ host, port }: HostInfo): string => `${host}:${port}`;

export const sameHost = (a: HostInfo, b: HostInfo): boolean => a.host === b.host && a.port === b.port;
