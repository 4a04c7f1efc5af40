import { mark } from './trace';
mark('sdk');
const records: string[] = [];
(globalThis as any).__corpusSdk = {
  record(name: string) {
    records.push(name);
    return `recorded ${name}`;
  },
};
export function sdkRecords() {
  return records.join(',');
}
