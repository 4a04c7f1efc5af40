export const order: string[] = [];
