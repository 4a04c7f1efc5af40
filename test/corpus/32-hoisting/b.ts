import { hoisted, notHoisted } from './a';
export const fromB = `b initialised with ${hoisted(1)}`;
let probe: string;
try {
  probe = notHoisted();
} catch (e) {
  probe = `${(e as Error).constructor.name}`;
}
export const bProbe = probe;
