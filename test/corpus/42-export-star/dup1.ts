export const dup = 'dup from dup1';
export const only1 = 'only1';
