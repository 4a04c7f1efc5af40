// The resource every span of ours carries. Lowest to highest precedence:
//   SDK defaults (service.name = unknown_service:<executable>, telemetry.sdk.*)
//   < startTracing options (resourceAttributes, then serviceName)
//   < OTEL_RESOURCE_ATTRIBUTES < OTEL_SERVICE_NAME.
// The environment wins over options because options are fixed when the service is built and the
// environment is where the deployment says what it is.

import type { Attributes } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingConfig } from './env.js';

/**
 * `unknown_service:<process.executable.name>` as the specification words it: the executable's
 * name (`node`), not the path it was started by.
 */
export function defaultServiceName(): string {
  try {
    const proc = (globalThis as { process?: { argv0?: string; execPath?: string } }).process;
    const exe = proc?.argv0 || proc?.execPath || '';
    const name = exe
      .split(/[\\/]/)
      .pop()!
      .replace(/\.exe$/i, '');
    return name ? `unknown_service:${name}` : 'unknown_service';
  } catch {
    return 'unknown_service';
  }
}

export interface ResourceOptions {
  serviceName?: string | undefined;
  resourceAttributes?: Attributes | undefined;
}

export function buildResource(
  config: Pick<TracingConfig, 'serviceName' | 'resourceAttributes'>,
  options: ResourceOptions = {},
): Resource {
  let resource = defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: defaultServiceName() }));
  if (options.resourceAttributes) resource = resource.merge(resourceFromAttributes(options.resourceAttributes));
  if (options.serviceName)
    resource = resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }));
  if (Object.keys(config.resourceAttributes).length > 0) {
    resource = resource.merge(resourceFromAttributes({ ...config.resourceAttributes }));
  }
  if (config.serviceName)
    resource = resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }));
  return resource;
}
