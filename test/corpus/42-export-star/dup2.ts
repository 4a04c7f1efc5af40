export const dup = 'dup from dup2';
export const only2 = 'only2';
