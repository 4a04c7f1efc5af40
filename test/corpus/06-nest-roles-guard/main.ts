// Case 6 (A): decorator metadata lives on the method's function object. If instrumentation
// replaced the method, a NestJS-style roles guard would read no roles and let the request
// through (a security bug). The guard below must keep denying. Also covers decorators (case 43)
// under experimentalDecorators.
import { MetaReflect } from '../_shared/reflect-metadata-polyfill';

const ROLES_KEY = 'roles';
const PUBLIC_KEY = 'isPublic';

function SetMetadata<V>(key: string, value: V) {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): any => {
    if (descriptor) {
      MetaReflect.defineMetadata(key, value, descriptor.value);
      return descriptor;
    }
    MetaReflect.defineMetadata(key, value, target);
    return target;
  };
}
const Roles = (...roles: string[]) => SetMetadata(ROLES_KEY, roles);
const Public = () => SetMetadata(PUBLIC_KEY, true);

function Controller(prefix: string) {
  return (target: Function) => {
    MetaReflect.defineMetadata('path', prefix, target);
  };
}

class Reflector {
  get<T>(key: string, target: object): T | undefined {
    return MetaReflect.getMetadata(key, target) as T | undefined;
  }
  getAllAndOverride<T>(key: string, targets: object[]): T | undefined {
    for (const t of targets) {
      const v = this.get<T>(key, t);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

interface ExecutionContext {
  getHandler(): Function;
  getClass(): Function;
  user?: { name: string; roles: string[] };
}

class RolesGuard {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    const required = this.reflector.getAllAndOverride<string[]>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!required) return true;
    const user = context.user;
    return !!user && required.some((r) => user.roles.includes(r));
  }
}

@Controller('users')
class UsersController {
  private readonly deleted: string[] = [];

  @Roles('admin')
  remove(id: string) {
    this.deleted.push(id);
    return `deleted ${id} (total ${this.deleted.length})`;
  }

  @Roles('admin', 'support')
  async inspect(id: string) {
    return `inspected ${id}`;
  }

  @Public()
  health() {
    return 'ok';
  }

  profile(name: string) {
    return `profile of ${name}`;
  }
}

@Controller('ops')
@Roles('ops')
class OpsController {
  restart() {
    return 'restarted';
  }
  @Roles('admin')
  wipe() {
    return 'wiped';
  }
}

const guard = new RolesGuard(new Reflector());

async function dispatch(controller: object, method: string, user: ExecutionContext['user'], ...args: unknown[]) {
  const handler = (controller as any)[method] as Function;
  const ctx: ExecutionContext = { getHandler: () => handler, getClass: () => controller.constructor, user };
  const path = `${MetaReflect.getMetadata('path', controller.constructor)}/${method}`;
  if (!guard.canActivate(ctx)) return `${path} as ${user?.name ?? 'anonymous'} -> 403 Forbidden`;
  return `${path} as ${user?.name ?? 'anonymous'} -> 200 ${await handler.apply(controller, args)}`;
}

const admin = { name: 'alice', roles: ['admin'] };
const support = { name: 'sam', roles: ['support'] };
const viewer = { name: 'victor', roles: ['viewer'] };
const ops = { name: 'olga', roles: ['ops'] };

const users = new UsersController();
const opsCtl = new OpsController();

(async () => {
  for (const u of [admin, support, viewer, undefined]) {
    console.log(await dispatch(users, 'remove', u, '42'));
    console.log(await dispatch(users, 'inspect', u, '7'));
    console.log(await dispatch(users, 'health', u));
    console.log(await dispatch(users, 'profile', u, u?.name ?? 'nobody'));
  }
  for (const u of [ops, admin, viewer]) {
    console.log(await dispatch(opsCtl, 'restart', u));
    console.log(await dispatch(opsCtl, 'wipe', u));
  }
  const p = UsersController.prototype;
  console.log('roles on remove:', JSON.stringify(MetaReflect.getMetadata(ROLES_KEY, p.remove)));
  console.log('roles on inspect:', JSON.stringify(MetaReflect.getMetadata(ROLES_KEY, p.inspect)));
  console.log('metadata keys on health:', JSON.stringify(MetaReflect.getMetadataKeys(p.health)));
  console.log('metadata keys on profile:', JSON.stringify(MetaReflect.getMetadataKeys(p.profile)));
  console.log('class roles on OpsController:', JSON.stringify(MetaReflect.getMetadata(ROLES_KEY, OpsController)));
  console.log('method identity kept:', users.remove === p.remove, 'name:', p.remove.name, 'length:', p.remove.length);
})();
