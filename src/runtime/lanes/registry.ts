// Where instances of a logical service are looked up. The policy file's `services` section is
// one implementation; a Kubernetes (Services per tag) or etcd registry can replace it by
// implementing the same two methods.

import type { Instance, ServicesConfig } from './config.js';

export interface ServiceRegistry {
  /** The instances of a logical service, or undefined when the registry does not know the service. */
  instances(service: string): readonly Instance[] | undefined;
  /** The logical service one of whose instances listens on `address` (normalised `host:port`). */
  serviceAt(address: string): string | undefined;
}

/** The registry of the policy's `services` section. Service names match case-insensitively (like host names). */
export class PolicyServiceRegistry implements ServiceRegistry {
  private readonly byName = new Map<string, { name: string; instances: readonly Instance[] }>();
  private readonly byAddress = new Map<string, string>();

  constructor(services: ServicesConfig | undefined) {
    for (const [name, { instances }] of Object.entries(services ?? {})) {
      this.byName.set(name.toLowerCase(), { name, instances });
      for (const i of instances) this.byAddress.set(i.address, name);
    }
  }

  instances(service: string): readonly Instance[] | undefined {
    return this.byName.get(service.toLowerCase())?.instances;
  }

  serviceAt(address: string): string | undefined {
    return this.byAddress.get(address);
  }
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'ws:': 80, 'https:': 443, 'wss:': 443 };

/** The normalised `host:port` a URL points at (the scheme's default port when none is given). */
export function addressOf(url: URL): string {
  const port = url.port !== '' ? url.port : String(DEFAULT_PORTS[url.protocol] ?? '');
  return `${url.hostname.toLowerCase()}:${port}`;
}
